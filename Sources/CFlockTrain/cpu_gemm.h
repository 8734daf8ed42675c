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

#endif
