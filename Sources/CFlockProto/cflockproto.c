/* protoc-c output lands beside this file (make proto). */
#include "CFlockProto.h"
