/* DO NOT EDIT.
 * Source: codegen/test/v1/sample.proto, codegen/test/v1/shapes.proto
 * Regenerate with `make proto`.
 * Umbrella header of the CFlockCodegenSamples module: every header protoc-c generated. */
#ifndef CFLOCKCODEGENSAMPLES_H
#define CFLOCKCODEGENSAMPLES_H
#include <protobuf-c/protobuf-c.h>
#include "codegen/test/v1/sample.pb-c.h"
#include "codegen/test/v1/shapes.pb-c.h"
#endif
