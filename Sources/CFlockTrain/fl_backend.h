/*
 * fl_backend.h: the primitive operations a backend provides (internal; shared by the CPU backend
 * in C and the CUDA backend in cuda/ (.cu files), which is compiled as C++ by nvcc).
 *
 * The model code (net.c) is written once over these primitives. Every pointer argument below is
 * backend memory (host memory on the CPU, device memory on CUDA) unless named host_. Activations
 * are channel-major: a tensor of C channels over N samples of H x W is stored [C][N][H][W], so a
 * convolution over the whole batch is one GEMM and channel concatenation is adjacency in memory.
 *
 * Every operation is asynchronous on CUDA (one stream per context); download and the losses,
 * which return host values, synchronize. Errors are sticky: status() returns the first one.
 */
#ifndef FL_BACKEND_H
#define FL_BACKEND_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define FL_BACKEND_ABI 1

typedef struct fl_ops {
    int abi;                          /* FL_BACKEND_ABI */
    const char *name;                 /* "cpu", "cuda" */
    void *(*alloc)(void *ctx, size_t bytes);                   /* zero-filled; NULL on failure */
    void (*release)(void *ctx, void *p);
    void (*upload)(void *ctx, void *dst, const void *host_src, size_t bytes);
    void (*download)(void *ctx, void *host_dst, const void *src, size_t bytes);
    void (*zero)(void *ctx, void *p, size_t bytes);
    void (*copy)(void *ctx, void *dst, const void *src, size_t bytes);
    /* Row-major C[M][N] = alpha * op(A) * op(B) + beta * C, op(X) = X or X^T when t* != 0. */
    void (*gemm)(void *ctx, int ta, int tb, int M, int N, int K, float alpha, const float *A,
                 int lda, const float *B, int ldb, float beta, float *C, int ldc);
    /* x [C][N][H][W] -> col [C*k*k][N*H*W], k odd, stride 1, zero padding k/2. */
    void (*im2col)(void *ctx, const float *x, int C, int N, int H, int W, int k, float *col);
    /* w [cout][cin][k][k] -> wt [cin][cout][k][k] rotated 180 degrees: the weight of the
     * convolution that maps dy to dx (the backward pass is then a forward convolution of dy). */
    void (*flip)(void *ctx, const float *w, int cout, int cin, int k, float *wt);
    void (*bias_add)(void *ctx, float *y, const float *b, int C, int64_t S);     /* y[c][s] += b[c] */
    void (*bias_grad)(void *ctx, const float *dy, int C, int64_t S, float *db);  /* db[c] += sum */
    /* Transposed conv 2x2 stride 2: cols [C*4][N*h*w] -> y [C][N][2h][2w] (overwritten). */
    void (*up_scatter)(void *ctx, const float *cols, int C, int N, int h, int w, float *y);
    void (*up_gather)(void *ctx, const float *dy, int C, int N, int h, int w, float *dcols);
    /* Group norm over (channels of a group) x H x W per sample; mean, rstd: [N][G]. With
     * relu != 0 the output is max(0, norm(x)) (the ReLU fused). */
    void (*norm_fwd)(void *ctx, const float *x, const float *gamma, const float *beta, int C,
                     int N, int HW, int G, float eps, int relu, float *y, float *mean, float *rstd);
    /* dx overwritten; dgamma, dbeta accumulated. relu_y: the fused ReLU's output (dy is taken as
     * dy * (relu_y > 0)), or NULL when the forward pass had no ReLU. */
    void (*norm_bwd)(void *ctx, const float *x, const float *gamma, const float *mean,
                     const float *rstd, const float *relu_y, const float *dy, int C, int N, int HW,
                     int G, float *dx, float *dgamma, float *dbeta);
    void (*relu_fwd)(void *ctx, float *x, int64_t n);                    /* in place */
    void (*relu_bwd)(void *ctx, const float *y, float *dy, int64_t n);   /* dy *= (y > 0) */
    /* 2x2 max pool stride 2; idx holds the winner (0..3) of every output. */
    void (*pool_fwd)(void *ctx, const float *x, int C, int N, int H, int W, float *y,
                     uint8_t *idx);
    /* dx += scatter(dy) (accumulates: a pooled tensor also feeds a skip connection). */
    void (*pool_bwd)(void *ctx, const float *dy, const uint8_t *idx, int C, int N, int H, int W,
                     float *dx);
    void (*axpy)(void *ctx, int64_t n, float a, const float *x, float *y);   /* y += a x */
    /* Losses over logits z [C][N][HW]. Return the mean loss over this batch (host double) and,
     * when dz != NULL, write dz = grad_scale * dLoss/dz. dice_bce: t like z in {0,1}.
     * ce: t [N][HW] class indices. */
    double (*loss_dice_bce)(void *ctx, const float *z, const float *t, int C, int N, int HW,
                            float grad_scale, float *dz);
    double (*loss_ce)(void *ctx, const float *z, const float *t, int C, int N, int HW,
                      float grad_scale, float *dz);
    void (*sgd)(void *ctx, float *p, const float *g, float *v, int64_t n, float lr, float momentum,
                float wd);
    void (*adam)(void *ctx, float *p, const float *g, float *m, float *v, int64_t n, float lr,
                 float b1, float b2, float eps, float wd, int64_t t);
    int (*status)(void *ctx, char *msg, size_t msg_size);   /* 0 or FL_TRAIN_E_BACKEND + message */
    void (*ctx_del)(void *ctx);
    /* Optional (NULL, or returns 0 for shapes it does not take: the caller then runs im2col +
     * gemm): y[M][N*H*W] = A[M][C*k*k] im2col(x), x [C][N][H][W], without materialising the
     * columns. Backends that initialise fl_ops positionally leave it NULL. */
    int (*conv_gemm)(void *ctx, int M, const float *A, const float *x, int C, int N, int H, int W,
                     int k, float *y);
    /* Optional, like conv_gemm: dw[M][C*k*k] += dy[M][N*H*W] im2col(x)^T (the weight gradient). */
    int (*conv_wgrad)(void *ctx, int M, const float *dy, const float *x, int C, int N, int H,
                      int W, int k, float *dw);
} fl_ops;

/* What the CUDA library exports (symbol "fl_train_cuda_open"): opens `gpus` contexts, one per
 * device 0..gpus-1, with an NCCL communicator among them when gpus > 1. */
typedef struct fl_cuda_api {
    int abi;
    const fl_ops *ops;
    int (*device_count)(void);
    /* Creates contexts ctxs[0..gpus) and describes the devices in `desc`. */
    int (*open)(int gpus, void **ctxs, char *desc, size_t desc_size);
    /* Sums bufs[r][0..n) across the contexts in place (NCCL all-reduce), then waits. */
    int (*allreduce_sum)(void **ctxs, float **bufs, int64_t n, int gpus);
    void (*close)(void **ctxs, int gpus);
} fl_cuda_api;

typedef const fl_cuda_api *(*fl_train_cuda_open_fn)(void);

#ifdef __cplusplus
}
#endif
#endif
