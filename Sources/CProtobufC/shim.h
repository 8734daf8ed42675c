#ifndef FLOCK_CPROTOBUFC_SHIM_H
#define FLOCK_CPROTOBUFC_SHIM_H
#include <protobuf-c/protobuf-c.h>
#endif
