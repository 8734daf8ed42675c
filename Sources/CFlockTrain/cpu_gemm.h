/* cpu_gemm.h: the CPU backend's own GEMM kernels (cpu_gemm_avx2.c), internal. */
#ifndef FL_CPU_GEMM_H
#define FL_CPU_GEMM_H

#include <stdint.h>

/* 1 when the CPU runs the AVX2 + FMA kernels below (checked at run time). */
int fl_gemm_avx2_available(void);
/* Row-major C = alpha op(A) B + beta C (op(A) = A^T when ta), columns [j0, j1) of C only. */
void fl_gemm_avx2_nn(int ta, int M, int N, int K, float alpha, const float *A, int lda,
                     const float *B, int ldb, float beta, float *C, int ldc, int j0, int j1);
/* Row-major C = alpha A B^T + beta C, columns [j0, j1) of C only; j0 a multiple of 3. */
void fl_gemm_avx2_nt(int M, int N, int K, float alpha, const float *A, int lda, const float *B,
                     int ldb, float beta, float *C, int ldc, int j0, int j1);

/* 3x3 convolution (stride 1, zero padding 1) as the NN GEMM over im2col(x) without building it:
 * y[M][N*H*W] = A[M][C*9] im2col(x), x [C][N][H][W]; only when fl_conv_avx2_supported(k, H, W)
 * (W a multiple of 16, or W = 8 with H even).
 * Computes 16-column panels [p0, p1) of y; panel: 64-byte aligned scratch of C*9*16 floats. */
int fl_conv_avx2_supported(int k, int H, int W);
void fl_conv_avx2_nn(int M, const float *A, const float *x, int C, int N, int H, int W, float *y,
                     float *panel, int p0, int p1);
/* 3x3 weight gradient dw[M][C*9] += dy[M][N*H*W] im2col(x)^T without building im2col(x), any
 * W; computes the column blocks (c, ky) = q in [q0, q1), q = c*3 + ky, of dw. buf: scratch of
 * 3 * fl_conv_avx2_dw_chunk(W) floats. */
int fl_conv_avx2_dw_chunk(int W);
void fl_conv_avx2_dw(int M, const float *dy, const float *x, int C, int N, int H, int W,
                     float *dw, float *buf, int q0, int q1);

#endif
