/* backend_cpu.c: the CPU backend: the engine's own AVX2/FMA GEMM and fused 3x3 convolution
 * kernels (cpu_gemm_avx2.c, when the CPU has them), OpenBLAS SGEMM (CBLAS) for the rest, and plain
 * C loops, spread over a small persistent thread pool. Every loop is partitioned into fixed, thread-count-independent chunks
 * whose results are combined in a fixed order, so results depend only on the thread count that
 * OpenBLAS uses, and training is reproducible for a given seed and thread count. */
#define _GNU_SOURCE
#include "fl_internal.h"
#include "cpu_gemm.h"

#include <cblas.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define FL_X86 1
#endif

/* Flush denormals to zero: tiny gradients late in training otherwise slow SSE/AVX code tenfold. */
static unsigned fp_enter(void) {
#ifdef FL_X86
    unsigned saved = _mm_getcsr();
    _mm_setcsr(saved | 0x8040);   /* FTZ | DAZ */
    return saved;
#else
    return 0;
#endif
}
static void fp_leave(unsigned saved) {
#ifdef FL_X86
    _mm_setcsr(saved);
#else
    (void)saved;
#endif
}
static inline void cpu_relax(void) {
#ifdef FL_X86
    _mm_pause();
#endif
}

/* ---- thread pool --------------------------------------------------------------------------- */
typedef void (*range_fn)(void *arg, int64_t begin, int64_t end);

typedef struct cpu_ctx {
    int threads;
    pthread_t *workers;
    pthread_mutex_t mu;
    pthread_cond_t wake, done;
    uint64_t generation;
    int pending;
    int stop;
    range_fn fn;
    void *arg;
    int64_t total;
} cpu_ctx;

static void run_share(cpu_ctx *c, int who) {
    int64_t per = (c->total + c->threads - 1) / c->threads;
    int64_t b = (int64_t)who * per, e = b + per;
    if (e > c->total) e = c->total;
    if (b < e) c->fn(c->arg, b, e);
}

static void *worker_main(void *p) {
    cpu_ctx *c = NULL;
    int who = 0;
    { void **pair = p; c = pair[0]; who = (int)(intptr_t)pair[1]; free(pair); }
    uint64_t seen = 0;
    fp_enter();
    for (;;) {
        /* spin briefly: the next job usually follows within microseconds */
        for (int spin = 0; spin < 20000 && __atomic_load_n(&c->generation, __ATOMIC_ACQUIRE) == seen &&
                           !__atomic_load_n(&c->stop, __ATOMIC_ACQUIRE); spin++)
            cpu_relax();
        pthread_mutex_lock(&c->mu);
        while (c->generation == seen && !c->stop) pthread_cond_wait(&c->wake, &c->mu);
        if (c->stop) { pthread_mutex_unlock(&c->mu); return NULL; }
        seen = c->generation;
        pthread_mutex_unlock(&c->mu);
        run_share(c, who);
        pthread_mutex_lock(&c->mu);
        if (--c->pending == 0) pthread_cond_signal(&c->done);
        pthread_mutex_unlock(&c->mu);
    }
}

/* Runs fn over [0, total) split in contiguous shares, one per thread; small jobs run inline. */
static void parallel_for(cpu_ctx *c, int64_t total, int64_t work_per_item, range_fn fn, void *arg) {
    if (c->threads <= 1 || total < 2 || total * work_per_item < 32768) {
        fn(arg, 0, total);
        return;
    }
    pthread_mutex_lock(&c->mu);
    c->fn = fn; c->arg = arg; c->total = total;
    c->pending = c->threads - 1;
    __atomic_add_fetch(&c->generation, 1, __ATOMIC_RELEASE);
    pthread_cond_broadcast(&c->wake);
    pthread_mutex_unlock(&c->mu);
    run_share(c, 0);
    pthread_mutex_lock(&c->mu);
    while (c->pending > 0) pthread_cond_wait(&c->done, &c->mu);
    pthread_mutex_unlock(&c->mu);
}

void *fl_cpu_ctx_new(int threads) {
    cpu_ctx *c = calloc(1, sizeof *c);
    if (!c) return NULL;
    if (threads <= 0) {
        long n = sysconf(_SC_NPROCESSORS_ONLN);
        threads = n > 0 ? (int)n : 1;
    }
    if (threads > 256) threads = 256;
    c->threads = threads;
    pthread_mutex_init(&c->mu, NULL);
    pthread_cond_init(&c->wake, NULL);
    pthread_cond_init(&c->done, NULL);
    if (threads > 1) {
        c->workers = calloc((size_t)threads, sizeof(pthread_t));
        if (!c->workers) { free(c); return NULL; }
        for (int i = 1; i < threads; i++) {
            void **pair = malloc(2 * sizeof(void *));
            if (!pair) { c->threads = i; break; }
            pair[0] = c; pair[1] = (void *)(intptr_t)i;
            if (pthread_create(&c->workers[i], NULL, worker_main, pair) != 0) {
                free(pair);
                c->threads = i;
                break;
            }
        }
    }
    return c;
}

int fl_cpu_ctx_threads(void *ctx) { return ((cpu_ctx *)ctx)->threads; }
/* OpenBLAS runs single-threaded inside the engine's own pool. openblas_set_num_threads is not
 * thread-safe (it may rebuild OpenBLAS's thread pool while another thread is in a BLAS call),
 * so it is called once per process, not on every activation: several trainers may run at once
 * (tests do), and calling it concurrently crashed the process. */
static pthread_once_t openblas_once = PTHREAD_ONCE_INIT;
static void openblas_single_threaded(void) { openblas_set_num_threads(1); }

unsigned fl_cpu_ctx_activate(void *ctx) {
    (void)ctx;
    pthread_once(&openblas_once, openblas_single_threaded);
    return fp_enter();
}
void fl_cpu_ctx_deactivate(unsigned saved) { fp_leave(saved); }

static void cpu_ctx_del(void *ctx) {
    cpu_ctx *c = ctx;
    if (!c) return;
    pthread_mutex_lock(&c->mu);
    c->stop = 1;
    pthread_cond_broadcast(&c->wake);
    pthread_mutex_unlock(&c->mu);
    for (int i = 1; i < c->threads; i++) pthread_join(c->workers[i], NULL);
    free(c->workers);
    pthread_mutex_destroy(&c->mu);
    pthread_cond_destroy(&c->wake);
    pthread_cond_destroy(&c->done);
    free(c);
}

/* ---- memory -------------------------------------------------------------------------------- */
static void *cpu_alloc(void *ctx, size_t bytes) {
    (void)ctx;
    void *p = NULL;
    if (posix_memalign(&p, 64, bytes ? bytes : 64) != 0) return NULL;
    memset(p, 0, bytes);
    return p;
}
static void cpu_release(void *ctx, void *p) { (void)ctx; free(p); }
static void cpu_upload(void *ctx, void *dst, const void *src, size_t n) { (void)ctx; memcpy(dst, src, n); }
static void cpu_download(void *ctx, void *dst, const void *src, size_t n) { (void)ctx; memcpy(dst, src, n); }
static void cpu_zero(void *ctx, void *p, size_t n) { (void)ctx; memset(p, 0, n); }
static void cpu_copy(void *ctx, void *dst, const void *src, size_t n) { (void)ctx; memmove(dst, src, n); }

/* GEMM: OpenBLAS runs single-threaded inside each pool thread; the pool splits the output into
 * contiguous column (or row) slabs, one per thread. This keeps every core on useful work with no
 * OpenBLAS threads spinning against the engine's own loops. */
typedef struct {
    int ta, tb, M, N, K, lda, ldb, ldc, by_rows;
    float alpha, beta;
    const float *A, *B;
    float *C;
} gemm_args;

static void gemm_range(void *p, int64_t b, int64_t e) {
    const gemm_args *g = p;
    /* b, e count 16-wide panels of the split dimension */
    int i0 = (int)(b * 16), i1 = (int)(e * 16);
    int len = g->by_rows ? g->M : g->N;
    if (i1 > len) i1 = len;
    if (i0 >= i1) return;
    if (g->by_rows) {
        const float *A = g->ta ? g->A + i0 : g->A + (int64_t)i0 * g->lda;
        cblas_sgemm(CblasRowMajor, g->ta ? CblasTrans : CblasNoTrans, g->tb ? CblasTrans : CblasNoTrans,
                    i1 - i0, g->N, g->K, g->alpha, A, g->lda, g->B, g->ldb, g->beta,
                    g->C + (int64_t)i0 * g->ldc, g->ldc);
    } else {
        const float *B = g->tb ? g->B + (int64_t)i0 * g->ldb : g->B + i0;
        cblas_sgemm(CblasRowMajor, g->ta ? CblasTrans : CblasNoTrans, g->tb ? CblasTrans : CblasNoTrans,
                    g->M, i1 - i0, g->K, g->alpha, g->A, g->lda, B, g->ldb, g->beta, g->C + i0, g->ldc);
    }
}

/* The engine's own AVX2 kernels (cpu_gemm_avx2.c) for the convolution shapes: no packing.
 * FL_TRAIN_GEMM=openblas in the environment forces OpenBLAS (for comparisons). */
static int use_own_gemm(void) {
    static int cached = -1;   /* the same value from every thread: a benign, atomic cache */
    int v = __atomic_load_n(&cached, __ATOMIC_RELAXED);
    if (v < 0) {
        const char *e = getenv("FL_TRAIN_GEMM");
        v = (e && strcmp(e, "openblas") == 0) ? 0 : fl_gemm_avx2_available();
        __atomic_store_n(&cached, v, __ATOMIC_RELAXED);
    }
    return v;
}

const char *fl_cpu_kernels(void) {
    return use_own_gemm() ? "AVX2 GEMM/conv kernels" : "OpenBLAS SGEMM";
}

typedef struct {
    int ta, M, N, K, lda, ldb, ldc;
    float alpha, beta;
    const float *A, *B;
    float *C;
} own_gemm_args;

/* b, e count 16-wide column panels (NN) or 3-wide column blocks (NT) of C */
static void own_nn_range(void *p, int64_t b, int64_t e) {
    const own_gemm_args *g = p;
    int j0 = (int)(b * 16), j1 = (int)(e * 16);
    if (j1 > g->N) j1 = g->N;
    if (j0 < j1)
        fl_gemm_avx2_nn(g->ta, g->M, g->N, g->K, g->alpha, g->A, g->lda, g->B, g->ldb, g->beta,
                        g->C, g->ldc, j0, j1);
}
static void own_nt_range(void *p, int64_t b, int64_t e) {
    const own_gemm_args *g = p;
    int j0 = (int)(b * 3), j1 = (int)(e * 3);
    if (j1 > g->N) j1 = g->N;
    if (j0 < j1)
        fl_gemm_avx2_nt(g->M, g->N, g->K, g->alpha, g->A, g->lda, g->B, g->ldb, g->beta, g->C,
                        g->ldc, j0, j1);
}

static void cpu_gemm(void *ctx, int ta, int tb, int M, int N, int K, float alpha, const float *A,
                     int lda, const float *B, int ldb, float beta, float *C, int ldc) {
    if (use_own_gemm() && !tb) {
        own_gemm_args g = {ta, M, N, K, lda, ldb, ldc, alpha, beta, A, B, C};
        parallel_for(ctx, (N + 15) / 16, (int64_t)16 * M * K, own_nn_range, &g);
        return;
    }
    if (use_own_gemm() && tb && !ta) {
        own_gemm_args g = {ta, M, N, K, lda, ldb, ldc, alpha, beta, A, B, C};
        parallel_for(ctx, (N + 2) / 3, (int64_t)3 * M * K, own_nt_range, &g);
        return;
    }
    gemm_args g = {ta, tb, M, N, K, lda, ldb, ldc, N < M, alpha, beta, A, B, C};
    int len = g.by_rows ? M : N;
    parallel_for(ctx, (len + 15) / 16, (int64_t)16 * (g.by_rows ? N : M) * K, gemm_range, &g);
}

typedef struct {
    int M, C, N, H, W;
    const float *A, *x;
    float *y;
} conv_gemm_args;

static void conv_gemm_range(void *p, int64_t b, int64_t e) {
    const conv_gemm_args *g = p;
    void *panel = NULL;
    if (posix_memalign(&panel, 64, sizeof(float) * 16 * 9 * (size_t)g->C) != 0) {
        fprintf(stderr, "fl_train: out of memory in convolution\n");
        abort();
    }
    fl_conv_avx2_nn(g->M, g->A, g->x, g->C, g->N, g->H, g->W, g->y, panel, (int)b, (int)e);
    free(panel);
}

static int cpu_conv_gemm(void *ctx, int M, const float *A, const float *x, int C, int N, int H,
                         int W, int k, float *y) {
    if (!use_own_gemm() || !fl_conv_avx2_supported(k, H, W)) return 0;
    conv_gemm_args g = {M, C, N, H, W, A, x, y};
    int64_t panels = (int64_t)N * H * W / 16;
    parallel_for(ctx, panels, (int64_t)16 * M * C * 9, conv_gemm_range, &g);
    return 1;
}

static void conv_wgrad_range(void *p, int64_t b, int64_t e) {
    const conv_gemm_args *g = p;
    void *buf = NULL;
    if (posix_memalign(&buf, 64, sizeof(float) * 3 * (size_t)fl_conv_avx2_dw_chunk(g->W)) != 0) {
        fprintf(stderr, "fl_train: out of memory in convolution\n");
        abort();
    }
    fl_conv_avx2_dw(g->M, g->A, g->x, g->C, g->N, g->H, g->W, g->y, buf, (int)b, (int)e);
    free(buf);
}

static int cpu_conv_wgrad(void *ctx, int M, const float *dy, const float *x, int C, int N, int H,
                          int W, int k, float *dw) {
    if (!use_own_gemm() || k != 3) return 0;
    conv_gemm_args g = {M, C, N, H, W, dy, x, dw};
    parallel_for(ctx, (int64_t)C * 3, (int64_t)N * H * W * M * 3, conv_wgrad_range, &g);
    return 1;
}

/* ---- im2col ------------------------------------------------------------------------------ */
typedef struct { const float *x; float *col; int C, N, H, W, k; } im2col_args;

static void im2col_range(void *p, int64_t b, int64_t e) {
    const im2col_args *a = p;
    const int H = a->H, W = a->W, k = a->k, pad = k / 2;
    const int64_t plane = (int64_t)H * W, row_len = (int64_t)a->N * plane;
    for (int64_t r = b; r < e; r++) {
        int c = (int)(r / (k * k)), ky = (int)(r / k % k), kx = (int)(r % k);
        int dy = ky - pad, dx = kx - pad;
        float *out = a->col + r * row_len;
        for (int n = 0; n < a->N; n++) {
            const float *src = a->x + ((int64_t)c * a->N + n) * plane;
            float *dst = out + n * plane;
            for (int y = 0; y < H; y++) {
                int sy = y + dy;
                float *d = dst + (int64_t)y * W;
                if (sy < 0 || sy >= H) { memset(d, 0, sizeof(float) * W); continue; }
                const float *s = src + (int64_t)sy * W;
                int x0 = dx < 0 ? -dx : 0, x1 = dx > 0 ? W - dx : W;
                for (int x = 0; x < x0; x++) d[x] = 0;
                memcpy(d + x0, s + x0 + dx, sizeof(float) * (x1 - x0));
                for (int x = x1; x < W; x++) d[x] = 0;
            }
        }
    }
}

static void cpu_im2col(void *ctx, const float *x, int C, int N, int H, int W, int k, float *col) {
    im2col_args a = {x, col, C, N, H, W, k};
    parallel_for(ctx, (int64_t)C * k * k, (int64_t)N * H * W, im2col_range, &a);
}

static void cpu_flip(void *ctx, const float *w, int cout, int cin, int k, float *wt) {
    (void)ctx;
    const int kk = k * k;
    for (int o = 0; o < cout; o++)
        for (int i = 0; i < cin; i++)
            for (int q = 0; q < kk; q++)
                wt[((int64_t)i * cout + o) * kk + (kk - 1 - q)] = w[((int64_t)o * cin + i) * kk + q];
}

/* ---- bias ---------------------------------------------------------------------------------- */
static void cpu_bias_add(void *ctx, float *y, const float *b, int C, int64_t S) {
    (void)ctx;
    for (int c = 0; c < C; c++) {
        float v = b[c], *row = y + (int64_t)c * S;
        for (int64_t s = 0; s < S; s++) row[s] += v;
    }
}
static void cpu_bias_grad(void *ctx, const float *dy, int C, int64_t S, float *db) {
    (void)ctx;
    for (int c = 0; c < C; c++) {
        const float *row = dy + (int64_t)c * S;
        double acc = 0;
        for (int64_t s = 0; s < S; s++) acc += row[s];
        db[c] += (float)acc;
    }
}

/* ---- transposed 2x2 stride-2 convolution: scatter / gather ---------------------------------- */
static void cpu_up_scatter(void *ctx, const float *cols, int C, int N, int h, int w, float *y) {
    (void)ctx;
    const int64_t src_plane = (int64_t)h * w, S = (int64_t)N * src_plane, W2 = 2 * w;
    for (int c = 0; c < C; c++)
        for (int q = 0; q < 4; q++) {
            int di = q >> 1, dj = q & 1;
            const float *src = cols + ((int64_t)c * 4 + q) * S;
            for (int n = 0; n < N; n++) {
                float *dst = y + ((int64_t)c * N + n) * 4 * src_plane;
                const float *s = src + n * src_plane;
                for (int i = 0; i < h; i++)
                    for (int j = 0; j < w; j++)
                        dst[(int64_t)(2 * i + di) * W2 + 2 * j + dj] = s[(int64_t)i * w + j];
            }
        }
}
static void cpu_up_gather(void *ctx, const float *dy, int C, int N, int h, int w, float *dcols) {
    (void)ctx;
    const int64_t src_plane = (int64_t)h * w, S = (int64_t)N * src_plane, W2 = 2 * w;
    for (int c = 0; c < C; c++)
        for (int q = 0; q < 4; q++) {
            int di = q >> 1, dj = q & 1;
            float *dst = dcols + ((int64_t)c * 4 + q) * S;
            for (int n = 0; n < N; n++) {
                const float *g = dy + ((int64_t)c * N + n) * 4 * src_plane;
                float *d = dst + n * src_plane;
                for (int i = 0; i < h; i++)
                    for (int j = 0; j < w; j++)
                        d[(int64_t)i * w + j] = g[(int64_t)(2 * i + di) * W2 + 2 * j + dj];
            }
        }
}

/* ---- vectorizable float reductions (one row of at most H*W values; rows are then combined in
 * double). Reassociation lets the compiler use SIMD partial sums; the order is still fixed by
 * the code, so results stay reproducible. */
#ifdef __clang__
#define FL_REASSOC _Pragma("clang fp reassociate(on)")
#else
#define FL_REASSOC
#endif

static float row_sum(const float *x, int n) {
    FL_REASSOC
    float s = 0;
    for (int i = 0; i < n; i++) s += x[i];
    return s;
}
static float row_sq_dev(const float *x, int n, float mean) {
    FL_REASSOC
    float s = 0;
    for (int i = 0; i < n; i++) { float d = x[i] - mean; s += d * d; }
    return s;
}
/* sums of g and g * xh where g = dy masked by relu_y > 0 (when relu_y) and xh = (x - mean) rstd */
static void row_norm_grads(const float *restrict x, const float *restrict dy,
                           const float *restrict relu_y, int n, float mean, float rstd,
                           float *sum_g, float *sum_gxh) {
    FL_REASSOC
    float a = 0, b = 0;
    if (relu_y) {
        for (int i = 0; i < n; i++) {
            float g = dy[i] * (float)(relu_y[i] > 0);   /* branch-free, so it vectorizes */
            a += g;
            b += g * ((x[i] - mean) * rstd);
        }
    } else {
        for (int i = 0; i < n; i++) {
            a += dy[i];
            b += dy[i] * ((x[i] - mean) * rstd);
        }
    }
    *sum_g = a;
    *sum_gxh = b;
}

static void norm_dx_row(const float *restrict x, const float *restrict dy,
                        const float *restrict relu_y, float *restrict dx, int n, float mean,
                        float rstd, float gm, float k1, float k2) {
    if (relu_y)
        for (int i = 0; i < n; i++) {
            float g = dy[i] * (float)(relu_y[i] > 0);
            dx[i] = rstd * (g * gm - k1 - (x[i] - mean) * rstd * k2);
        }
    else
        for (int i = 0; i < n; i++) dx[i] = rstd * (dy[i] * gm - k1 - (x[i] - mean) * rstd * k2);
}

/* ---- group norm ---------------------------------------------------------------------------- */
typedef struct {
    const float *x, *gamma, *beta, *mean, *rstd, *dy, *relu_y;
    float *y, *dx, *mean_out, *rstd_out, *dgamma_part, *dbeta_part;
    int C, N, HW, G, relu;
    float eps;
} norm_args;

static void norm_fwd_range(void *p, int64_t b, int64_t e) {
    const norm_args *a = p;
    const int cpg = a->C / a->G;
    for (int64_t ng = b; ng < e; ng++) {
        int n = (int)(ng / a->G), g = (int)(ng % a->G);
        double s = 0, ss = 0;
        for (int c = g * cpg; c < (g + 1) * cpg; c++)
            s += row_sum(a->x + ((int64_t)c * a->N + n) * a->HW, a->HW);
        double m = (double)cpg * a->HW, mean = s / m;
        for (int c = g * cpg; c < (g + 1) * cpg; c++)
            ss += row_sq_dev(a->x + ((int64_t)c * a->N + n) * a->HW, a->HW, (float)mean);
        double var = ss / m;
        float rstd = (float)(1.0 / sqrt(var + a->eps));
        a->mean_out[ng] = (float)mean;
        a->rstd_out[ng] = rstd;
        for (int c = g * cpg; c < (g + 1) * cpg; c++) {
            const float *x = a->x + ((int64_t)c * a->N + n) * a->HW;
            float *y = a->y + ((int64_t)c * a->N + n) * a->HW;
            float sc = a->gamma[c] * rstd, sh = a->beta[c] - (float)mean * sc;
            if (a->relu)
                for (int i = 0; i < a->HW; i++) { float v = x[i] * sc + sh; y[i] = v > 0 ? v : 0; }
            else
                for (int i = 0; i < a->HW; i++) y[i] = x[i] * sc + sh;
        }
    }
}

static void cpu_norm_fwd(void *ctx, const float *x, const float *gamma, const float *beta, int C,
                         int N, int HW, int G, float eps, int relu, float *y, float *mean,
                         float *rstd) {
    norm_args a = {.x = x, .gamma = gamma, .beta = beta, .y = y, .mean_out = mean,
                   .rstd_out = rstd, .C = C, .N = N, .HW = HW, .G = G, .eps = eps, .relu = relu};
    parallel_for(ctx, (int64_t)N * G, (int64_t)(C / G) * HW * 2, norm_fwd_range, &a);
}

/* dgamma/dbeta partial sums go per sample ([N][C]) and are added in sample order afterwards. */
static void norm_bwd_range(void *p, int64_t b, int64_t e) {
    const norm_args *a = p;
    const int cpg = a->C / a->G;
    for (int64_t ng = b; ng < e; ng++) {
        int n = (int)(ng / a->G), g = (int)(ng % a->G);
        float mean = a->mean[ng], rstd = a->rstd[ng];
        double sum_dxh = 0, sum_dxh_xh = 0;
        for (int c = g * cpg; c < (g + 1) * cpg; c++) {
            const float *x = a->x + ((int64_t)c * a->N + n) * a->HW;
            const float *dy = a->dy + ((int64_t)c * a->N + n) * a->HW;
            const float *ry = a->relu_y ? a->relu_y + ((int64_t)c * a->N + n) * a->HW : NULL;
            float dbf, dgf;
            row_norm_grads(x, dy, ry, a->HW, mean, rstd, &dbf, &dgf);
            double dg = dgf, db = dbf;
            a->dgamma_part[(int64_t)n * a->C + c] = (float)dg;
            a->dbeta_part[(int64_t)n * a->C + c] = (float)db;
            sum_dxh += db * a->gamma[c];
            sum_dxh_xh += dg * a->gamma[c];
        }
        double m = (double)cpg * a->HW;
        float k1 = (float)(sum_dxh / m), k2 = (float)(sum_dxh_xh / m);
        for (int c = g * cpg; c < (g + 1) * cpg; c++) {
            const float *x = a->x + ((int64_t)c * a->N + n) * a->HW;
            const float *dy = a->dy + ((int64_t)c * a->N + n) * a->HW;
            const float *ry = a->relu_y ? a->relu_y + ((int64_t)c * a->N + n) * a->HW : NULL;
            float *dx = a->dx + ((int64_t)c * a->N + n) * a->HW;
            norm_dx_row(x, dy, ry, dx, a->HW, mean, rstd, a->gamma[c], k1, k2);
        }
    }
}

static void cpu_norm_bwd(void *ctx, const float *x, const float *gamma, const float *mean,
                         const float *rstd, const float *relu_y, const float *dy, int C, int N,
                         int HW, int G, float *dx, float *dgamma, float *dbeta) {
    float *part = malloc(sizeof(float) * 2 * (size_t)N * C);
    if (!part) { fprintf(stderr, "fl_train: out of memory in norm backward\n"); abort(); }
    norm_args a = {.x = x, .gamma = gamma, .mean = mean, .rstd = rstd, .dy = dy, .dx = dx,
                   .relu_y = relu_y,
                   .dgamma_part = part, .dbeta_part = part + (size_t)N * C, .C = C, .N = N,
                   .HW = HW, .G = G};
    parallel_for(ctx, (int64_t)N * G, (int64_t)(C / G) * HW * 3, norm_bwd_range, &a);
    for (int n = 0; n < N; n++)
        for (int c = 0; c < C; c++) {
            dgamma[c] += a.dgamma_part[(size_t)n * C + c];
            dbeta[c] += a.dbeta_part[(size_t)n * C + c];
        }
    free(part);
}

/* ---- elementwise --------------------------------------------------------------------------- */
static void cpu_relu_fwd(void *ctx, float *x, int64_t n) {
    (void)ctx;
    for (int64_t i = 0; i < n; i++) x[i] = x[i] > 0 ? x[i] : 0;
}
static void cpu_relu_bwd(void *ctx, const float *y, float *dy, int64_t n) {
    (void)ctx;
    for (int64_t i = 0; i < n; i++) dy[i] = y[i] > 0 ? dy[i] : 0;
}
static void cpu_axpy(void *ctx, int64_t n, float a, const float *x, float *y) {
    (void)ctx;
    for (int64_t i = 0; i < n; i++) y[i] += a * x[i];
}

/* ---- max pool ------------------------------------------------------------------------------ */
static void cpu_pool_fwd(void *ctx, const float *x, int C, int N, int H, int W, float *y,
                         uint8_t *idx) {
    (void)ctx;
    const int h = H / 2, w = W / 2;
    for (int64_t pl = 0; pl < (int64_t)C * N; pl++) {
        const float *src = x + pl * H * W;
        float *dst = y + pl * h * w;
        uint8_t *id = idx + pl * h * w;
        for (int i = 0; i < h; i++)
            for (int j = 0; j < w; j++) {
                const float *s = src + (int64_t)(2 * i) * W + 2 * j;
                float best = s[0];
                uint8_t q = 0;
                if (s[1] > best) { best = s[1]; q = 1; }
                if (s[W] > best) { best = s[W]; q = 2; }
                if (s[W + 1] > best) { best = s[W + 1]; q = 3; }
                dst[i * w + j] = best;
                id[i * w + j] = q;
            }
    }
}
static void cpu_pool_bwd(void *ctx, const float *dy, const uint8_t *idx, int C, int N, int H,
                         int W, float *dx) {
    (void)ctx;
    const int h = H / 2, w = W / 2;
    for (int64_t pl = 0; pl < (int64_t)C * N; pl++) {
        const float *g = dy + pl * h * w;
        const uint8_t *id = idx + pl * h * w;
        float *d = dx + pl * H * W;
        for (int i = 0; i < h; i++)
            for (int j = 0; j < w; j++) {
                int q = id[i * w + j];
                d[(int64_t)(2 * i + (q >> 1)) * W + 2 * j + (q & 1)] += g[i * w + j];
            }
    }
}

/* ---- losses -------------------------------------------------------------------------------- */
#define DICE_SMOOTH 1e-5

/* loss = mean over (c, n) of soft Dice loss 1 - (2 inter + s)/(P + T + s) on p = sigmoid(z)
 *      + mean over elements of binary cross-entropy with logits. */
static double cpu_loss_dice_bce(void *ctx, const float *z, const float *t, int C, int N, int HW,
                                float grad_scale, float *dz) {
    (void)ctx;
    const double total = (double)C * N * HW, pairs = (double)C * N;
    double bce = 0, dice = 0;
    for (int64_t cn = 0; cn < (int64_t)C * N; cn++) {
        const float *zz = z + cn * HW, *tt = t + cn * HW;
        double inter = 0, P = 0, T = 0;
        for (int i = 0; i < HW; i++) {
            double x = zz[i], p = 1.0 / (1.0 + exp(-x));
            inter += p * tt[i]; P += p; T += tt[i];
            bce += (x > 0 ? x : 0) - x * tt[i] + log1p(exp(-fabs(x)));
        }
        double den = P + T + DICE_SMOOTH, num = 2 * inter + DICE_SMOOTH;
        dice += 1.0 - num / den;
        if (dz) {
            float *d = dz + cn * HW;
            for (int i = 0; i < HW; i++) {
                double x = zz[i], p = 1.0 / (1.0 + exp(-x));
                double dp = -(2.0 * tt[i] * den - num) / (den * den) / pairs;
                double g = dp * p * (1 - p) + (p - tt[i]) / total;
                d[i] = (float)(grad_scale * g);
            }
        }
    }
    return dice / pairs + bce / total;
}

/* loss = mean over pixels of -log softmax(z)[t]. */
static double cpu_loss_ce(void *ctx, const float *z, const float *t, int C, int N, int HW,
                          float grad_scale, float *dz) {
    (void)ctx;
    const int64_t S = (int64_t)N * HW;
    double loss = 0;
    for (int64_t s = 0; s < S; s++) {
        double mx = z[s];
        for (int c = 1; c < C; c++) if (z[(int64_t)c * S + s] > mx) mx = z[(int64_t)c * S + s];
        double sum = 0;
        for (int c = 0; c < C; c++) sum += exp(z[(int64_t)c * S + s] - mx);
        int label = (int)t[s];
        if (label < 0) label = 0;
        if (label >= C) label = C - 1;
        loss += -(z[(int64_t)label * S + s] - mx - log(sum));
        if (dz)
            for (int c = 0; c < C; c++) {
                double p = exp(z[(int64_t)c * S + s] - mx) / sum;
                dz[(int64_t)c * S + s] = (float)(grad_scale * (p - (c == label)) / (double)S);
            }
    }
    return loss / (double)S;
}

/* ---- optimizers (torch.optim semantics) ----------------------------------------------------- */
static void cpu_sgd(void *ctx, float *p, const float *g, float *v, int64_t n, float lr,
                    float momentum, float wd) {
    (void)ctx;
    for (int64_t i = 0; i < n; i++) {
        float gi = g[i] + wd * p[i];
        if (momentum != 0) { v[i] = momentum * v[i] + gi; gi = v[i]; }
        p[i] -= lr * gi;
    }
}
static void cpu_adam(void *ctx, float *p, const float *g, float *m, float *v, int64_t n, float lr,
                     float b1, float b2, float eps, float wd, int64_t t) {
    (void)ctx;
    float bc1 = 1.0f - powf(b1, (float)t), bc2 = 1.0f - powf(b2, (float)t);
    float step = lr / bc1, sbc2 = sqrtf(bc2);
    for (int64_t i = 0; i < n; i++) {
        float gi = g[i] + wd * p[i];
        m[i] = b1 * m[i] + (1 - b1) * gi;
        v[i] = b2 * v[i] + (1 - b2) * gi * gi;
        p[i] -= step * m[i] / (sqrtf(v[i]) / sbc2 + eps);
    }
}

static int cpu_status(void *ctx, char *msg, size_t size) {
    (void)ctx;
    if (size) msg[0] = 0;
    return 0;
}

static const fl_ops cpu_ops = {
    .abi = FL_BACKEND_ABI, .name = "cpu",
    .alloc = cpu_alloc, .release = cpu_release, .upload = cpu_upload, .download = cpu_download,
    .zero = cpu_zero, .copy = cpu_copy, .gemm = cpu_gemm, .im2col = cpu_im2col,
    .flip = cpu_flip, .bias_add = cpu_bias_add, .bias_grad = cpu_bias_grad,
    .up_scatter = cpu_up_scatter, .up_gather = cpu_up_gather, .norm_fwd = cpu_norm_fwd,
    .norm_bwd = cpu_norm_bwd, .relu_fwd = cpu_relu_fwd, .relu_bwd = cpu_relu_bwd,
    .pool_fwd = cpu_pool_fwd, .pool_bwd = cpu_pool_bwd, .axpy = cpu_axpy,
    .loss_dice_bce = cpu_loss_dice_bce, .loss_ce = cpu_loss_ce, .sgd = cpu_sgd, .adam = cpu_adam,
    .status = cpu_status, .ctx_del = cpu_ctx_del, .conv_gemm = cpu_conv_gemm,
    .conv_wgrad = cpu_conv_wgrad,
};

const fl_ops *fl_cpu_ops(void) { return &cpu_ops; }
