/* DO NOT EDIT.
 * Source: google/protobuf/descriptor.proto
 * Regenerate with `make proto`.
 * Umbrella header of the CFlockDescriptor module: every header protoc-c generated. */
#ifndef CFLOCKDESCRIPTOR_H
#define CFLOCKDESCRIPTOR_H
#include <protobuf-c/protobuf-c.h>
#include "google/protobuf/descriptor.pb-c.h"
#endif
