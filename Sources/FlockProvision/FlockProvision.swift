// FlockProvision module (in progress).
