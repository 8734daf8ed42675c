// FlockCodegen module (in progress).
