// FlockRPC module (in progress).
