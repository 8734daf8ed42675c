#ifndef CFUZZDRIVER_H
#define CFUZZDRIVER_H
#include <stddef.h>
#include <stdint.h>

/* libFuzzer's driver (libclang_rt.fuzzer_no_main): parses the libFuzzer flags in argv and calls
 * `callback` for every input. SwiftPM gives executables their own `main`, so the fuzz targets call
 * this from it instead of linking libFuzzer's `main`. */
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));

#endif
