// FlockProto module (in progress).
