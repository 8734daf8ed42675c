/* util.c: errors, logging, random numbers, and loading the CUDA backend library. */
#define _GNU_SOURCE
#include "fl_internal.h"

#include <dlfcn.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static _Thread_local char last_error[1024];

const char *fl_train_strerror(int code) {
    switch (code) {
    case FL_TRAIN_OK: return "ok";
    case FL_TRAIN_E_INVALID: return "invalid argument";
    case FL_TRAIN_E_NOMEM: return "out of memory";
    case FL_TRAIN_E_IO: return "I/O error";
    case FL_TRAIN_E_FORMAT: return "bad file format";
    case FL_TRAIN_E_SHAPE: return "shape mismatch";
    case FL_TRAIN_E_NOT_FOUND: return "not found";
    case FL_TRAIN_E_ABORTED: return "aborted";
    case FL_TRAIN_E_BACKEND: return "backend error";
    case FL_TRAIN_E_NUMERIC: return "numeric error";
    default: return "unknown error";
    }
}

const char *fl_train_last_error(void) { return last_error; }
void fl_clear_error(void) { last_error[0] = 0; }

int fl_fail(int code, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(last_error, sizeof last_error, fmt, ap);
    va_end(ap);
    return code;
}

static void default_log(void *user, const char *message) {
    (void)user;
    fprintf(stderr, "fl_train: %s\n", message);
}
static fl_train_log_fn log_fn = default_log;
static void *log_user;

void fl_train_set_log(fl_train_log_fn fn, void *user) {
    log_fn = fn;
    log_user = user;
}

void fl_log(const char *fmt, ...) {
    if (!log_fn) return;
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    log_fn(log_user, buf);
}

double fl_rng_normal(fl_rng *r) {
    double u1 = fl_rng_uniform(r), u2 = fl_rng_uniform(r);
    if (u1 < 1e-300) u1 = 1e-300;
    return sqrt(-2.0 * log(u1)) * cos(6.283185307179586 * u2);
}

uint64_t fl_hash_string(const char *s) {
    uint64_t h = 0xcbf29ce484222325ull;
    for (; s && *s; s++) { h ^= (unsigned char)*s; h *= 0x100000001b3ull; }
    return h;
}

void fl_train_abort_set(volatile int *abort_flag, int value) {
    if (abort_flag) __atomic_store_n((int *)abort_flag, value, __ATOMIC_SEQ_CST);
}

/* The CUDA library is looked for, in order: $FL_TRAIN_CUDA_LIB; libflocktrain_cuda.so beside the
 * running executable; .build/cuda/libflocktrain_cuda.so under the working directory (where
 * `make cuda` puts it). */
const fl_cuda_api *fl_cuda_load(char *why, size_t why_size) {
    char candidates[3][4096];
    int nc = 0;
    const char *env = getenv("FL_TRAIN_CUDA_LIB");
    if (env && *env) snprintf(candidates[nc++], sizeof candidates[0], "%s", env);
    char exe[4096];
    ssize_t len = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (len > 0) {
        exe[len] = 0;
        char *slash = strrchr(exe, '/');
        if (slash) {
            *slash = 0;
            if (strlen(exe) < sizeof candidates[0] - 32)
                snprintf(candidates[nc++], sizeof candidates[0], "%.4000s/libflocktrain_cuda.so", exe);
        }
    }
    snprintf(candidates[nc++], sizeof candidates[0], ".build/cuda/libflocktrain_cuda.so");

    size_t used = 0;
    why[0] = 0;
    for (int i = 0; i < nc; i++) {
        if (access(candidates[i], R_OK) != 0) {
            used += snprintf(why + used, used < why_size ? why_size - used : 0, "%s%s: absent",
                             used ? "; " : "", candidates[i]);
            if (used >= why_size) used = why_size - 1;
            continue;
        }
        void *h = dlopen(candidates[i], RTLD_NOW | RTLD_LOCAL);
        if (!h) {
            used += snprintf(why + used, used < why_size ? why_size - used : 0, "%s%s: %s",
                             used ? "; " : "", candidates[i], dlerror());
            if (used >= why_size) used = why_size - 1;
            continue;
        }
        fl_train_cuda_open_fn open = (fl_train_cuda_open_fn)dlsym(h, "fl_train_cuda_open");
        const fl_cuda_api *api = open ? open() : NULL;
        if (!api || api->abi != FL_BACKEND_ABI || !api->ops || api->ops->abi != FL_BACKEND_ABI) {
            used += snprintf(why + used, used < why_size ? why_size - used : 0,
                             "%s%s: no fl_train_cuda_open of ABI %d", used ? "; " : "",
                             candidates[i], FL_BACKEND_ABI);
            if (used >= why_size) used = why_size - 1;
            dlclose(h);
            continue;
        }
        if (api->device_count() <= 0) {
            used += snprintf(why + used, used < why_size ? why_size - used : 0,
                             "%s%s: loaded, but no CUDA device is visible", used ? "; " : "",
                             candidates[i]);
            if (used >= why_size) used = why_size - 1;
            dlclose(h);
            continue;
        }
        snprintf(why, why_size, "loaded %s", candidates[i]);
        return api;   /* the library stays loaded for the life of the process */
    }
    return NULL;
}
