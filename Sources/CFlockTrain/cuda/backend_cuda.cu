// backend_cuda.cu: the CUDA backend of the training engine, built by `make cuda`
// (scripts/build-cuda.sh) into libflocktrain_cuda.so where nvcc exists, and loaded by the engine
// with dlopen (util.c: fl_cuda_load). It implements the primitives of fl_backend.h on one device
// per context: cuBLAS for every GEMM, kernels below for the rest, one stream per context, and
// NCCL all-reduce of gradients across the contexts for data-parallel multi-GPU training.
//
// Contract (fl_backend.h): operations are asynchronous on the context's stream; download and the
// losses synchronize; the first CUDA / cuBLAS / NCCL error is kept and reported by status().
#include <cublas_v2.h>
#include <cuda_runtime.h>
#include <nccl.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../fl_backend.h"

namespace {

struct Ctx {
    int device;
    cudaStream_t stream;
    cublasHandle_t blas;
    ncclComm_t comm;          // NULL with one GPU
    char error[256];
    float *scratch;           // loss reductions
    size_t scratch_floats;
};

void record(Ctx *c, const char *what, const char *detail) {
    if (!c->error[0]) snprintf(c->error, sizeof c->error, "%s: %s", what, detail);
}
#define CK(c, call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) record((c), #call, cudaGetErrorString(e_)); } while (0)
#define CKB(c, call) do { cublasStatus_t s_ = (call); if (s_ != CUBLAS_STATUS_SUCCESS) { char b_[32]; snprintf(b_, sizeof b_, "cuBLAS status %d", (int)s_); record((c), #call, b_); } } while (0)
#define LAUNCH_CHECK(c) CK((c), cudaGetLastError())

inline Ctx *C(void *ctx) {
    Ctx *c = static_cast<Ctx *>(ctx);
    cudaSetDevice(c->device);
    return c;
}
inline unsigned blocks(long long n, int t = 256) {
    long long b = (n + t - 1) / t;
    return (unsigned)(b > 65535LL * 64 ? 65535LL * 64 : b);
}
#define GRID_LOOP(i, n) for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < (n); i += (long long)blockDim.x * gridDim.x)

// ---- memory --------------------------------------------------------------------------------
void *k_alloc(void *ctx, size_t bytes) {
    Ctx *c = C(ctx);
    void *p = NULL;
    if (cudaMalloc(&p, bytes ? bytes : 64) != cudaSuccess) { cudaGetLastError(); return NULL; }
    CK(c, cudaMemsetAsync(p, 0, bytes, c->stream));
    CK(c, cudaStreamSynchronize(c->stream));
    return p;
}
void k_release(void *ctx, void *p) { if (p) { C(ctx); cudaFree(p); } }
void k_upload(void *ctx, void *dst, const void *src, size_t n) {
    Ctx *c = C(ctx);
    CK(c, cudaMemcpyAsync(dst, src, n, cudaMemcpyHostToDevice, c->stream));
    CK(c, cudaStreamSynchronize(c->stream));   // the host buffer is reused right after
}
void k_download(void *ctx, void *dst, const void *src, size_t n) {
    Ctx *c = C(ctx);
    CK(c, cudaMemcpyAsync(dst, src, n, cudaMemcpyDeviceToHost, c->stream));
    CK(c, cudaStreamSynchronize(c->stream));
}
void k_zero(void *ctx, void *p, size_t n) { Ctx *c = C(ctx); CK(c, cudaMemsetAsync(p, 0, n, c->stream)); }
void k_copy(void *ctx, void *dst, const void *src, size_t n) {
    Ctx *c = C(ctx);
    CK(c, cudaMemcpyAsync(dst, src, n, cudaMemcpyDeviceToDevice, c->stream));
}

// Row-major C = op(A) op(B) is column-major C^T = op(B)^T op(A)^T.
void k_gemm(void *ctx, int ta, int tb, int M, int N, int K, float alpha, const float *A, int lda,
            const float *B, int ldb, float beta, float *Cm, int ldc) {
    Ctx *c = C(ctx);
    CKB(c, cublasSgemm(c->blas, tb ? CUBLAS_OP_T : CUBLAS_OP_N, ta ? CUBLAS_OP_T : CUBLAS_OP_N, N, M, K,
                       &alpha, B, ldb, A, lda, &beta, Cm, ldc));
}

// ---- convolution helpers ---------------------------------------------------------------------
__global__ void im2col_kernel(const float *x, int C, int N, int H, int W, int k, float *col) {
    const long long S = (long long)N * H * W, total = (long long)C * k * k * S;
    const int pad = k / 2;
    GRID_LOOP(i, total) {
        long long r = i / S, s = i % S;
        int c = (int)(r / (k * k)), ky = (int)(r / k % k), kx = (int)(r % k);
        int n = (int)(s / ((long long)H * W)), y = (int)(s / W % H), xx = (int)(s % W);
        int sy = y + ky - pad, sx = xx + kx - pad;
        col[i] = (sy >= 0 && sy < H && sx >= 0 && sx < W) ? x[(((long long)c * N + n) * H + sy) * W + sx] : 0.0f;
    }
}
void k_im2col(void *ctx, const float *x, int C_, int N, int H, int W, int k, float *col) {
    Ctx *c = C(ctx);
    im2col_kernel<<<blocks((long long)C_ * k * k * N * H * W), 256, 0, c->stream>>>(x, C_, N, H, W, k, col);
    LAUNCH_CHECK(c);
}

__global__ void flip_kernel(const float *w, int cout, int cin, int k, float *wt) {
    const int kk = k * k;
    GRID_LOOP(i, (long long)cout * cin * kk) {
        int q = (int)(i % kk), ci = (int)(i / kk % cin), o = (int)(i / kk / cin);
        wt[((long long)ci * cout + o) * kk + (kk - 1 - q)] = w[i];
    }
}
void k_flip(void *ctx, const float *w, int cout, int cin, int k, float *wt) {
    Ctx *c = C(ctx);
    flip_kernel<<<blocks((long long)cout * cin * k * k), 256, 0, c->stream>>>(w, cout, cin, k, wt);
    LAUNCH_CHECK(c);
}

__global__ void bias_add_kernel(float *y, const float *b, int C, long long S) {
    GRID_LOOP(i, (long long)C * S) y[i] += b[i / S];
}
void k_bias_add(void *ctx, float *y, const float *b, int C_, int64_t S) {
    Ctx *c = C(ctx);
    bias_add_kernel<<<blocks((long long)C_ * S), 256, 0, c->stream>>>(y, b, C_, S);
    LAUNCH_CHECK(c);
}

// One block per channel; a fixed reduction tree, so results are reproducible.
__global__ void bias_grad_kernel(const float *dy, long long S, float *db) {
    __shared__ double sh[256];
    const float *row = dy + blockIdx.x * S;
    double acc = 0;
    for (long long s = threadIdx.x; s < S; s += blockDim.x) acc += row[s];
    sh[threadIdx.x] = acc;
    __syncthreads();
    for (int o = blockDim.x / 2; o > 0; o >>= 1) {
        if (threadIdx.x < o) sh[threadIdx.x] += sh[threadIdx.x + o];
        __syncthreads();
    }
    if (threadIdx.x == 0) db[blockIdx.x] += (float)sh[0];
}
void k_bias_grad(void *ctx, const float *dy, int C_, int64_t S, float *db) {
    Ctx *c = C(ctx);
    bias_grad_kernel<<<C_, 256, 0, c->stream>>>(dy, S, db);
    LAUNCH_CHECK(c);
}

__global__ void up_kernel(const float *src, int C, int N, int h, int w, float *dst, int scatter) {
    const long long S = (long long)N * h * w;
    GRID_LOOP(i, (long long)C * 4 * S) {
        long long r = i / S, s = i % S;
        int c = (int)(r / 4), q = (int)(r % 4), n = (int)(s / ((long long)h * w));
        int y = (int)(s / w % h), x = (int)(s % w);
        long long big = (((long long)c * N + n) * 2 * h + 2 * y + (q >> 1)) * 2 * w + 2 * x + (q & 1);
        if (scatter) dst[big] = src[i]; else dst[i] = src[big];
    }
}
void k_up_scatter(void *ctx, const float *cols, int C_, int N, int h, int w, float *y) {
    Ctx *c = C(ctx);
    up_kernel<<<blocks((long long)C_ * 4 * N * h * w), 256, 0, c->stream>>>(cols, C_, N, h, w, y, 1);
    LAUNCH_CHECK(c);
}
void k_up_gather(void *ctx, const float *dy, int C_, int N, int h, int w, float *dcols) {
    Ctx *c = C(ctx);
    up_kernel<<<blocks((long long)C_ * 4 * N * h * w), 256, 0, c->stream>>>(dy, C_, N, h, w, dcols, 0);
    LAUNCH_CHECK(c);
}

// ---- group norm: one block per (sample, group) -------------------------------------------------
__device__ double block_sum(double v, double *sh) {
    sh[threadIdx.x] = v;
    __syncthreads();
    for (int o = blockDim.x / 2; o > 0; o >>= 1) {
        if (threadIdx.x < o) sh[threadIdx.x] += sh[threadIdx.x + o];
        __syncthreads();
    }
    double r = sh[0];
    __syncthreads();
    return r;
}

__global__ void norm_fwd_kernel(const float *x, const float *gamma, const float *beta, int C, int N,
                                int HW, int G, float eps, int relu, float *y, float *mean_out,
                                float *rstd_out) {
    __shared__ double sh[256];
    const int n = blockIdx.x / G, g = blockIdx.x % G, cpg = C / G;
    const long long M = (long long)cpg * HW;
    double s = 0, ss = 0;
    for (long long i = threadIdx.x; i < M; i += blockDim.x) {
        int c = g * cpg + (int)(i / HW);
        float v = x[((long long)c * N + n) * HW + i % HW];
        s += v; ss += (double)v * v;
    }
    s = block_sum(s, sh);
    ss = block_sum(ss, sh);
    double mean = s / M, var = ss / M - mean * mean;
    if (var < 0) var = 0;
    float rstd = (float)(1.0 / sqrt(var + eps));
    if (threadIdx.x == 0) { mean_out[blockIdx.x] = (float)mean; rstd_out[blockIdx.x] = rstd; }
    for (long long i = threadIdx.x; i < M; i += blockDim.x) {
        int c = g * cpg + (int)(i / HW);
        long long at = ((long long)c * N + n) * HW + i % HW;
        float v = (x[at] - (float)mean) * rstd * gamma[c] + beta[c];
        y[at] = relu && v < 0 ? 0.0f : v;
    }
}
void k_norm_fwd(void *ctx, const float *x, const float *gamma, const float *beta, int C_, int N,
                int HW, int G, float eps, int relu, float *y, float *mean, float *rstd) {
    Ctx *c = C(ctx);
    norm_fwd_kernel<<<N * G, 256, 0, c->stream>>>(x, gamma, beta, C_, N, HW, G, eps, relu, y, mean, rstd);
    LAUNCH_CHECK(c);
}

// Partial dgamma/dbeta per (sample, channel) into part[2][N][C], dx in the same block.
__global__ void norm_bwd_kernel(const float *x, const float *gamma, const float *mean_in,
                                const float *rstd_in, const float *relu_y, const float *dy, int C,
                                int N, int HW, int G, float *dx, float *part) {
    __shared__ double sh[256];
    const int n = blockIdx.x / G, g = blockIdx.x % G, cpg = C / G;
    const float mean = mean_in[blockIdx.x], rstd = rstd_in[blockIdx.x];
    double sum_dxh = 0, sum_dxh_xh = 0;
    for (int c = g * cpg; c < (g + 1) * cpg; c++) {
        const long long base = ((long long)c * N + n) * HW;
        double dg = 0, db = 0;
        for (int i = threadIdx.x; i < HW; i += blockDim.x) {
            float gv = relu_y && !(relu_y[base + i] > 0) ? 0.0f : dy[base + i];
            float xh = (x[base + i] - mean) * rstd;
            dg += (double)gv * xh;
            db += gv;
        }
        dg = block_sum(dg, sh);
        db = block_sum(db, sh);
        if (threadIdx.x == 0) {
            part[(long long)n * C + c] = (float)dg;
            part[(long long)N * C + (long long)n * C + c] = (float)db;
        }
        sum_dxh += db * gamma[c];
        sum_dxh_xh += dg * gamma[c];
    }
    const double M = (double)cpg * HW;
    const float k1 = (float)(sum_dxh / M), k2 = (float)(sum_dxh_xh / M);
    for (int c = g * cpg; c < (g + 1) * cpg; c++) {
        const long long base = ((long long)c * N + n) * HW;
        for (int i = threadIdx.x; i < HW; i += blockDim.x) {
            float gv = relu_y && !(relu_y[base + i] > 0) ? 0.0f : dy[base + i];
            float xh = (x[base + i] - mean) * rstd;
            dx[base + i] = rstd * (gv * gamma[c] - k1 - xh * k2);
        }
    }
}
__global__ void norm_param_grad_kernel(const float *part, int N, int C, float *dgamma, float *dbeta) {
    GRID_LOOP(c, C) {
        float a = 0, b = 0;
        for (int n = 0; n < N; n++) { a += part[(long long)n * C + c]; b += part[(long long)N * C + (long long)n * C + c]; }
        dgamma[c] += a;
        dbeta[c] += b;
    }
}
float *scratch(Ctx *c, size_t floats) {
    if (floats > c->scratch_floats) {
        cudaStreamSynchronize(c->stream);
        cudaFree(c->scratch);
        c->scratch = NULL;
        c->scratch_floats = 0;
        if (cudaMalloc(&c->scratch, floats * sizeof(float)) != cudaSuccess) {
            record(c, "cudaMalloc", "out of device memory for scratch");
            return NULL;
        }
        c->scratch_floats = floats;
    }
    return c->scratch;
}
void k_norm_bwd(void *ctx, const float *x, const float *gamma, const float *mean, const float *rstd,
                const float *relu_y, const float *dy, int C_, int N, int HW, int G, float *dx,
                float *dgamma, float *dbeta) {
    Ctx *c = C(ctx);
    float *part = scratch(c, 2 * (size_t)N * C_);
    if (!part) return;
    norm_bwd_kernel<<<N * G, 256, 0, c->stream>>>(x, gamma, mean, rstd, relu_y, dy, C_, N, HW, G, dx, part);
    norm_param_grad_kernel<<<blocks(C_), 256, 0, c->stream>>>(part, N, C_, dgamma, dbeta);
    LAUNCH_CHECK(c);
}

// ---- elementwise -----------------------------------------------------------------------------
__global__ void relu_fwd_kernel(float *x, long long n) { GRID_LOOP(i, n) x[i] = x[i] > 0 ? x[i] : 0; }
__global__ void relu_bwd_kernel(const float *y, float *dy, long long n) { GRID_LOOP(i, n) if (!(y[i] > 0)) dy[i] = 0; }
__global__ void axpy_kernel(long long n, float a, const float *x, float *y) { GRID_LOOP(i, n) y[i] += a * x[i]; }
void k_relu_fwd(void *ctx, float *x, int64_t n) { Ctx *c = C(ctx); relu_fwd_kernel<<<blocks(n), 256, 0, c->stream>>>(x, n); LAUNCH_CHECK(c); }
void k_relu_bwd(void *ctx, const float *y, float *dy, int64_t n) { Ctx *c = C(ctx); relu_bwd_kernel<<<blocks(n), 256, 0, c->stream>>>(y, dy, n); LAUNCH_CHECK(c); }
void k_axpy(void *ctx, int64_t n, float a, const float *x, float *y) { Ctx *c = C(ctx); axpy_kernel<<<blocks(n), 256, 0, c->stream>>>(n, a, x, y); LAUNCH_CHECK(c); }

__global__ void pool_fwd_kernel(const float *x, long long planes, int H, int W, float *y, uint8_t *idx) {
    const int h = H / 2, w = W / 2;
    GRID_LOOP(i, planes * h * w) {
        long long pl = i / ((long long)h * w);
        int r = (int)(i / w % h), col = (int)(i % w);
        const float *s = x + pl * H * W + (long long)(2 * r) * W + 2 * col;
        float best = s[0];
        uint8_t q = 0;
        if (s[1] > best) { best = s[1]; q = 1; }
        if (s[W] > best) { best = s[W]; q = 2; }
        if (s[W + 1] > best) { best = s[W + 1]; q = 3; }
        y[i] = best;
        idx[i] = q;
    }
}
__global__ void pool_bwd_kernel(const float *dy, const uint8_t *idx, long long planes, int H, int W, float *dx) {
    const int h = H / 2, w = W / 2;
    GRID_LOOP(i, planes * h * w) {
        long long pl = i / ((long long)h * w);
        int r = (int)(i / w % h), col = (int)(i % w), q = idx[i];
        dx[pl * H * W + (long long)(2 * r + (q >> 1)) * W + 2 * col + (q & 1)] += dy[i];
    }
}
void k_pool_fwd(void *ctx, const float *x, int C_, int N, int H, int W, float *y, uint8_t *idx) {
    Ctx *c = C(ctx);
    long long planes = (long long)C_ * N;
    pool_fwd_kernel<<<blocks(planes * (H / 2) * (W / 2)), 256, 0, c->stream>>>(x, planes, H, W, y, idx);
    LAUNCH_CHECK(c);
}
void k_pool_bwd(void *ctx, const float *dy, const uint8_t *idx, int C_, int N, int H, int W, float *dx) {
    Ctx *c = C(ctx);
    long long planes = (long long)C_ * N;
    pool_bwd_kernel<<<blocks(planes * (H / 2) * (W / 2)), 256, 0, c->stream>>>(dy, idx, planes, H, W, dx);
    LAUNCH_CHECK(c);
}

// ---- losses ------------------------------------------------------------------------------------
#define DICE_SMOOTH 1e-5
// stats[pair][4] = {I, P, T, bce sum} per (channel, sample) pair; one block per pair.
__global__ void dice_stats_kernel(const float *z, const float *t, int HW, float *stats) {
    __shared__ double sh[256];
    const long long base = (long long)blockIdx.x * HW;
    double I = 0, P = 0, T = 0, B = 0;
    for (int i = threadIdx.x; i < HW; i += blockDim.x) {
        double x = z[base + i], tt = t[base + i], p = 1.0 / (1.0 + exp(-x));
        I += p * tt; P += p; T += tt;
        B += (x > 0 ? x : 0) - x * tt + log1p(exp(-fabs(x)));
    }
    I = block_sum(I, sh); P = block_sum(P, sh); T = block_sum(T, sh); B = block_sum(B, sh);
    if (threadIdx.x == 0) {
        stats[blockIdx.x * 4 + 0] = (float)I; stats[blockIdx.x * 4 + 1] = (float)P;
        stats[blockIdx.x * 4 + 2] = (float)T; stats[blockIdx.x * 4 + 3] = (float)B;
    }
}
__global__ void dice_grad_kernel(const float *z, const float *t, const float *stats, long long pairs,
                                 int HW, double total, float scale, float *dz) {
    GRID_LOOP(i, pairs * HW) {
        long long pr = i / HW;
        double num = 2.0 * stats[pr * 4] + DICE_SMOOTH, den = (double)stats[pr * 4 + 1] + stats[pr * 4 + 2] + DICE_SMOOTH;
        double x = z[i], p = 1.0 / (1.0 + exp(-x));
        double dp = -(2.0 * t[i] * den - num) / (den * den) / (double)pairs;
        dz[i] = (float)(scale * (dp * p * (1 - p) + (p - t[i]) / total));
    }
}
double k_loss_dice_bce(void *ctx, const float *z, const float *t, int C_, int N, int HW, float scale, float *dz) {
    Ctx *c = C(ctx);
    const long long pairs = (long long)C_ * N;
    float *stats = scratch(c, (size_t)pairs * 4);
    if (!stats) return NAN;
    dice_stats_kernel<<<(unsigned)pairs, 256, 0, c->stream>>>(z, t, HW, stats);
    if (dz) dice_grad_kernel<<<blocks(pairs * HW), 256, 0, c->stream>>>(z, t, stats, pairs, HW, (double)pairs * HW, scale, dz);
    LAUNCH_CHECK(c);
    float *host = (float *)malloc(sizeof(float) * pairs * 4);
    if (!host) return NAN;
    k_download(c, host, stats, sizeof(float) * pairs * 4);
    double dice = 0, bce = 0;
    for (long long p = 0; p < pairs; p++) {
        dice += 1.0 - (2.0 * host[p * 4] + DICE_SMOOTH) / ((double)host[p * 4 + 1] + host[p * 4 + 2] + DICE_SMOOTH);
        bce += host[p * 4 + 3];
    }
    free(host);
    return dice / pairs + bce / ((double)pairs * HW);
}

__global__ void ce_kernel(const float *z, const float *t, int C, long long S, float scale, float *dz, float *loss) {
    GRID_LOOP(s, S) {
        float mx = z[s];
        for (int c = 1; c < C; c++) mx = fmaxf(mx, z[(long long)c * S + s]);
        double sum = 0;
        for (int c = 0; c < C; c++) sum += exp((double)z[(long long)c * S + s] - mx);
        int label = (int)t[s];
        label = label < 0 ? 0 : label >= C ? C - 1 : label;
        loss[s] = (float)(-((double)z[(long long)label * S + s] - mx - log(sum)));
        if (dz)
            for (int c = 0; c < C; c++) {
                double p = exp((double)z[(long long)c * S + s] - mx) / sum;
                dz[(long long)c * S + s] = (float)(scale * (p - (c == label)) / (double)S);
            }
    }
}
double k_loss_ce(void *ctx, const float *z, const float *t, int C_, int N, int HW, float scale, float *dz) {
    Ctx *c = C(ctx);
    const long long S = (long long)N * HW;
    float *per = scratch(c, (size_t)S);
    if (!per) return NAN;
    ce_kernel<<<blocks(S), 256, 0, c->stream>>>(z, t, C_, S, scale, dz, per);
    LAUNCH_CHECK(c);
    float *host = (float *)malloc(sizeof(float) * S);
    if (!host) return NAN;
    k_download(c, host, per, sizeof(float) * S);
    double loss = 0;
    for (long long s = 0; s < S; s++) loss += host[s];
    free(host);
    return loss / (double)S;
}

// ---- optimizers (torch.optim semantics) ----------------------------------------------------------
__global__ void sgd_kernel(float *p, const float *g, float *v, long long n, float lr, float mom, float wd) {
    GRID_LOOP(i, n) {
        float gi = g[i] + wd * p[i];
        if (mom != 0) { v[i] = mom * v[i] + gi; gi = v[i]; }
        p[i] -= lr * gi;
    }
}
__global__ void adam_kernel(float *p, const float *g, float *m, float *v, long long n, float step,
                            float sbc2, float b1, float b2, float eps, float wd) {
    GRID_LOOP(i, n) {
        float gi = g[i] + wd * p[i];
        m[i] = b1 * m[i] + (1 - b1) * gi;
        v[i] = b2 * v[i] + (1 - b2) * gi * gi;
        p[i] -= step * m[i] / (sqrtf(v[i]) / sbc2 + eps);
    }
}
void k_sgd(void *ctx, float *p, const float *g, float *v, int64_t n, float lr, float mom, float wd) {
    Ctx *c = C(ctx);
    sgd_kernel<<<blocks(n), 256, 0, c->stream>>>(p, g, v, n, lr, mom, wd);
    LAUNCH_CHECK(c);
}
void k_adam(void *ctx, float *p, const float *g, float *m, float *v, int64_t n, float lr, float b1,
            float b2, float eps, float wd, int64_t t) {
    Ctx *c = C(ctx);
    float bc1 = 1.0f - powf(b1, (float)t), bc2 = 1.0f - powf(b2, (float)t);
    adam_kernel<<<blocks(n), 256, 0, c->stream>>>(p, g, m, v, n, lr / bc1, sqrtf(bc2), b1, b2, eps, wd);
    LAUNCH_CHECK(c);
}

int k_status(void *ctx, char *msg, size_t size) {
    Ctx *c = C(ctx);
    CK(c, cudaStreamSynchronize(c->stream));
    if (!c->error[0]) { if (size) msg[0] = 0; return 0; }
    snprintf(msg, size, "device %d: %s", c->device, c->error);
    return -8;   /* FL_TRAIN_E_BACKEND */
}

void k_ctx_del(void *ctx) {
    Ctx *c = static_cast<Ctx *>(ctx);
    if (!c) return;
    cudaSetDevice(c->device);
    cudaStreamSynchronize(c->stream);
    if (c->comm) ncclCommDestroy(c->comm);
    cudaFree(c->scratch);
    cublasDestroy(c->blas);
    cudaStreamDestroy(c->stream);
    free(c);
}

const fl_ops cuda_ops = {
    FL_BACKEND_ABI, "cuda",
    k_alloc, k_release, k_upload, k_download, k_zero, k_copy, k_gemm, k_im2col, k_flip,
    k_bias_add, k_bias_grad, k_up_scatter, k_up_gather, k_norm_fwd, k_norm_bwd, k_relu_fwd,
    k_relu_bwd, k_pool_fwd, k_pool_bwd, k_axpy, k_loss_dice_bce, k_loss_ce, k_sgd, k_adam,
    k_status, k_ctx_del,
};

// ---- devices and NCCL ------------------------------------------------------------------------------
int device_count() {
    int n = 0;
    if (cudaGetDeviceCount(&n) != cudaSuccess) { cudaGetLastError(); return 0; }
    return n;
}

void close_all(void **ctxs, int gpus) {
    for (int r = 0; r < gpus; r++) { k_ctx_del(ctxs[r]); ctxs[r] = NULL; }
}

int open_all(int gpus, void **ctxs, char *desc, size_t desc_size) {
    if (gpus < 1 || gpus > device_count()) {
        snprintf(desc, desc_size, "%d GPU(s) requested, %d visible", gpus, device_count());
        return -8;
    }
    size_t used = 0;
    for (int r = 0; r < gpus; r++) ctxs[r] = NULL;
    for (int r = 0; r < gpus; r++) {
        Ctx *c = static_cast<Ctx *>(calloc(1, sizeof(Ctx)));
        if (!c) { close_all(ctxs, r); snprintf(desc, desc_size, "out of memory"); return -2; }
        c->device = r;
        cudaDeviceProp prop;
        if (cudaSetDevice(r) != cudaSuccess || cudaStreamCreateWithFlags(&c->stream, cudaStreamNonBlocking) != cudaSuccess ||
            cublasCreate(&c->blas) != CUBLAS_STATUS_SUCCESS || cublasSetStream(c->blas, c->stream) != CUBLAS_STATUS_SUCCESS ||
            cudaGetDeviceProperties(&prop, r) != cudaSuccess) {
            snprintf(desc, desc_size, "device %d: %s", r, cudaGetErrorString(cudaGetLastError()));
            free(c);
            close_all(ctxs, r);
            return -8;
        }
        cublasSetMathMode(c->blas, CUBLAS_PEDANTIC_MATH);   // fp32 GEMMs in fp32 (no TF32)
        ctxs[r] = c;
        used += snprintf(desc + used, used < desc_size ? desc_size - used : 0, "%s%d x %s", r ? ", " : "", 1, prop.name);
        if (used >= desc_size) used = desc_size - 1;
    }
    if (gpus > 1) {
        ncclComm_t comms[16];
        int devs[16];
        for (int r = 0; r < gpus; r++) devs[r] = r;
        ncclResult_t nr = ncclCommInitAll(comms, gpus, devs);
        if (nr != ncclSuccess) {
            snprintf(desc, desc_size, "NCCL init over %d GPUs failed: %s", gpus, ncclGetErrorString(nr));
            close_all(ctxs, gpus);
            return -8;
        }
        for (int r = 0; r < gpus; r++) static_cast<Ctx *>(ctxs[r])->comm = comms[r];
        int v = 0;
        ncclGetVersion(&v);
        used += snprintf(desc + used, used < desc_size ? desc_size - used : 0,
                         "; data parallel over %d GPUs, gradients all-reduced with NCCL %d", gpus, v);
    }
    return 0;
}

int allreduce_sum(void **ctxs, float **bufs, int64_t n, int gpus) {
    ncclGroupStart();
    for (int r = 0; r < gpus; r++) {
        Ctx *c = C(ctxs[r]);
        ncclResult_t nr = ncclAllReduce(bufs[r], bufs[r], (size_t)n, ncclFloat, ncclSum, c->comm, c->stream);
        if (nr != ncclSuccess) { ncclGroupEnd(); record(c, "ncclAllReduce", ncclGetErrorString(nr)); return -8; }
    }
    ncclResult_t nr = ncclGroupEnd();
    if (nr != ncclSuccess) { record(static_cast<Ctx *>(ctxs[0]), "ncclGroupEnd", ncclGetErrorString(nr)); return -8; }
    for (int r = 0; r < gpus; r++) {
        Ctx *c = C(ctxs[r]);
        CK(c, cudaStreamSynchronize(c->stream));
        if (c->error[0]) return -8;
    }
    return 0;
}

const fl_cuda_api api = {FL_BACKEND_ABI, &cuda_ops, device_count, open_all, allreduce_sum, close_all};

}  // namespace

extern "C" __attribute__((visibility("default"))) const fl_cuda_api *fl_train_cuda_open(void) { return &api; }
