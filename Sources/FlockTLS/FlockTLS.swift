// FlockTLS module (in progress).
