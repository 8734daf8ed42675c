/* fl_internal.h: shared internals of the training engine (not part of the API). */
#ifndef FL_INTERNAL_H
#define FL_INTERNAL_H

#include "include/fl_train.h"
#include "fl_backend.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>

/* Records the detail of a failure for fl_train_last_error and returns `code`. */
int fl_fail(int code, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void fl_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void fl_clear_error(void);

/* ---- deterministic random numbers (splitmix64 seeding, xoshiro256**) ---------------------- */
typedef struct fl_rng { uint64_t s[4]; } fl_rng;

static inline uint64_t fl_splitmix64(uint64_t *x) {
    uint64_t z = (*x += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}
static inline void fl_rng_seed(fl_rng *r, uint64_t seed) {
    uint64_t x = seed;
    for (int i = 0; i < 4; i++) r->s[i] = fl_splitmix64(&x);
}
static inline uint64_t fl_rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
static inline uint64_t fl_rng_next(fl_rng *r) {
    uint64_t *s = r->s, result = fl_rotl(s[1] * 5, 7) * 9, t = s[1] << 17;
    s[2] ^= s[0]; s[3] ^= s[1]; s[1] ^= s[2]; s[0] ^= s[3]; s[2] ^= t; s[3] = fl_rotl(s[3], 45);
    return result;
}
/* Uniform in [0, 1). */
static inline double fl_rng_uniform(fl_rng *r) { return (fl_rng_next(r) >> 11) * 0x1.0p-53; }
double fl_rng_normal(fl_rng *r);
/* FNV-1a 64 of a string (site identifiers). */
uint64_t fl_hash_string(const char *s);

/* ---- data sets ----------------------------------------------------------------------------- */
struct fl_train_data {
    int64_t n;
    int channels, height, width;   /* x per sample: channels*height*width (tabular: F x 1 x 1) */
    int label_channels;            /* y per sample: label_channels*height*width */
    float *x;                      /* n * xsize, NCHW */
    float *y;                      /* n * ysize */
};
static inline int64_t fl_data_xsize(const fl_train_data *d) {
    return (int64_t)d->channels * d->height * d->width;
}
static inline int64_t fl_data_ysize(const fl_train_data *d) {
    return (int64_t)d->label_channels * d->height * d->width;
}
/* Allocates an empty data set with room for n samples (x, y zero); NULL on failure. */
fl_train_data *fl_data_alloc(int64_t n, int channels, int height, int width, int label_channels);
/* 0, or FL_TRAIN_E_INVALID naming the bad window values. */
int fl_window_check(const fl_train_window *w);
float fl_window_apply(const fl_train_window *w, float v);

/* ---- backends ------------------------------------------------------------------------------ */
const fl_ops *fl_cpu_ops(void);
/* What the CPU backend's GEMMs and convolutions run on: "AVX2 GEMM/conv kernels" when
 * the CPU has AVX2 + FMA (and FL_TRAIN_GEMM=openblas is not set), else "OpenBLAS SGEMM". */
const char *fl_cpu_kernels(void);
void *fl_cpu_ctx_new(int threads);
/* Number of threads the CPU context uses. */
int fl_cpu_ctx_threads(void *ctx);
/* Prepares the calling thread to run the CPU backend: OpenBLAS single-threaded inside each pool
 * thread, denormals flushed to zero. Returns the previous floating-point state for
 * fl_cpu_ctx_deactivate. */
unsigned fl_cpu_ctx_activate(void *ctx);
void fl_cpu_ctx_deactivate(unsigned saved);

/* Tries to load the CUDA library: returns its API or NULL with `why` saying what was tried. */
const fl_cuda_api *fl_cuda_load(char *why, size_t why_size);

#endif
