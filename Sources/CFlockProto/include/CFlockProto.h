/* DO NOT EDIT.
 * Source: fl/testing/v1/interop.proto, fl/v1/admin.proto, fl/v1/common.proto, fl/v1/federated.proto
 * Regenerate with `make proto`.
 * Umbrella header of the CFlockProto module: every header protoc-c generated. */
#ifndef CFLOCKPROTO_H
#define CFLOCKPROTO_H
#include <protobuf-c/protobuf-c.h>
#include "fl/testing/v1/interop.pb-c.h"
#include "fl/v1/admin.pb-c.h"
#include "fl/v1/common.pb-c.h"
#include "fl/v1/federated.pb-c.h"
#endif
