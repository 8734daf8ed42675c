#ifndef FLOCK_CZIP_SHIM_H
#define FLOCK_CZIP_SHIM_H
#include <zip.h>
#endif
