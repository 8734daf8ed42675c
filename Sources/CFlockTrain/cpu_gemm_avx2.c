/* cpu_gemm_avx2.c: the CPU backend's own single-precision GEMM kernels for the shapes a
 * convolution produces (few output channels, very long rows), vectorised for AVX2 + FMA.
 *
 * OpenBLAS packs both operands into panels before multiplying; with 16-128 output channels every
 * packed element of the (huge) im2col matrix feeds only 16-128 multiply-adds, so packing costs
 * about as much as the arithmetic. These kernels read the operands where they lie:
 *
 *   NN  C[M][N] = alpha op(A)[M][K] B[K][N] + beta C   (forward conv, dx): a 6 x 16 register
 *       block of C, broadcasting A and loading 16 consecutive floats of a B row per k.
 *   NT  C[M][N] = alpha A[M][K] B[N][K]^T + beta C     (weight gradients, K = N*H*W long): a 4 x 3
 *       block of dot products over K chunks of 512, the chunk of the 3 B rows staying in L1.
 *
 * Each function computes a range of C (columns for NN, columns for NT) so that the backend's
 * pool can split the work; the summation order depends only on the shapes, never on the range
 * or the thread count, so results are reproducible.
 *
 * Built with the target attribute so the rest of the package keeps its portable flags; the
 * backend calls these only when __builtin_cpu_supports says the CPU has AVX2 and FMA. */
#include "cpu_gemm.h"

#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
#include <immintrin.h>
#include <math.h>
#include <string.h>

#define FL_AVX2 __attribute__((target("avx2,fma")))
#define FL_INLINE static inline __attribute__((always_inline))

int fl_gemm_avx2_available(void) {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
}

/* ---- NN ------------------------------------------------------------------------------------ */
/* C block of mr (<= 6) rows x 16 columns over the whole of K. a(i,k) = A[i*ras + k*cas]. */
FL_INLINE FL_AVX2 void nn_block16(int mr, int K, const float *A, int64_t ras, int64_t cas,
                                  const float *B, int64_t ldb, float *C, int64_t ldc, float alpha,
                                  float beta) {
    __m256 c00 = _mm256_setzero_ps(), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00;
    __m256 c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00;
    const float *a0 = A, *a1 = A + ras, *a2 = A + 2 * ras, *a3 = A + 3 * ras, *a4 = A + 4 * ras,
                *a5 = A + 5 * ras;
    for (int k = 0; k < K; k++) {
        const float *b = B + (int64_t)k * ldb;
        __m256 b0 = _mm256_loadu_ps(b), b1 = _mm256_loadu_ps(b + 8), av;
        int64_t o = (int64_t)k * cas;
        av = _mm256_broadcast_ss(a0 + o); c00 = _mm256_fmadd_ps(av, b0, c00); c01 = _mm256_fmadd_ps(av, b1, c01);
        if (mr > 1) { av = _mm256_broadcast_ss(a1 + o); c10 = _mm256_fmadd_ps(av, b0, c10); c11 = _mm256_fmadd_ps(av, b1, c11); }
        if (mr > 2) { av = _mm256_broadcast_ss(a2 + o); c20 = _mm256_fmadd_ps(av, b0, c20); c21 = _mm256_fmadd_ps(av, b1, c21); }
        if (mr > 3) { av = _mm256_broadcast_ss(a3 + o); c30 = _mm256_fmadd_ps(av, b0, c30); c31 = _mm256_fmadd_ps(av, b1, c31); }
        if (mr > 4) { av = _mm256_broadcast_ss(a4 + o); c40 = _mm256_fmadd_ps(av, b0, c40); c41 = _mm256_fmadd_ps(av, b1, c41); }
        if (mr > 5) { av = _mm256_broadcast_ss(a5 + o); c50 = _mm256_fmadd_ps(av, b0, c50); c51 = _mm256_fmadd_ps(av, b1, c51); }
    }
    __m256 al = _mm256_set1_ps(alpha), be = _mm256_set1_ps(beta);
#define NN_STORE(r, x0, x1)                                                                     \
    if (mr > r) {                                                                               \
        float *c = C + (int64_t)r * ldc;                                                        \
        if (beta == 0) {                                                                        \
            _mm256_storeu_ps(c, _mm256_mul_ps(al, x0));                                         \
            _mm256_storeu_ps(c + 8, _mm256_mul_ps(al, x1));                                     \
        } else {                                                                                \
            _mm256_storeu_ps(c, _mm256_fmadd_ps(al, x0, _mm256_mul_ps(be, _mm256_loadu_ps(c))));   \
            _mm256_storeu_ps(c + 8, _mm256_fmadd_ps(al, x1, _mm256_mul_ps(be, _mm256_loadu_ps(c + 8)))); \
        }                                                                                       \
    }
    NN_STORE(0, c00, c01) NN_STORE(1, c10, c11) NN_STORE(2, c20, c21)
    NN_STORE(3, c30, c31) NN_STORE(4, c40, c41) NN_STORE(5, c50, c51)
#undef NN_STORE
}

static FL_AVX2 void nn_block16_any(int mr, int K, const float *A, int64_t ras, int64_t cas,
                                   const float *B, int64_t ldb, float *C, int64_t ldc, float alpha,
                                   float beta) {
    switch (mr) {
    case 6: nn_block16(6, K, A, ras, cas, B, ldb, C, ldc, alpha, beta); break;
    case 5: nn_block16(5, K, A, ras, cas, B, ldb, C, ldc, alpha, beta); break;
    case 4: nn_block16(4, K, A, ras, cas, B, ldb, C, ldc, alpha, beta); break;
    case 3: nn_block16(3, K, A, ras, cas, B, ldb, C, ldc, alpha, beta); break;
    case 2: nn_block16(2, K, A, ras, cas, B, ldb, C, ldc, alpha, beta); break;
    default: nn_block16(1, K, A, ras, cas, B, ldb, C, ldc, alpha, beta); break;
    }
}

/* Picks the row-block heights for M: blocks of 6, but never a lone short block when 4s fit
 * better (M = 16 -> 6 + 6 + 4, M = 8 -> 4 + 4, M = 32 -> 6 * 4 + 4 + 4). */
static int nn_next_mr(int left) {
    if (left >= 6 && left != 8) return 6;
    if (left >= 4) return 4;
    return left;
}

void fl_gemm_avx2_nn(int ta, int M, int N, int K, float alpha, const float *A, int lda,
                     const float *B, int ldb, float beta, float *C, int ldc, int j0, int j1) {
    (void)N;
    int64_t ras = ta ? 1 : lda, cas = ta ? lda : 1;
    int j = j0;
    for (; j + 16 <= j1; j += 16)
        for (int i = 0, mr; i < M; i += mr) {
            mr = nn_next_mr(M - i);
            nn_block16_any(mr, K, A + i * ras, ras, cas, B + j, ldb, C + (int64_t)i * ldc + j, ldc,
                           alpha, beta);
        }
    /* column tail (N not a multiple of 16): plain loops, same k order */
    for (; j < j1; j++)
        for (int i = 0; i < M; i++) {
            float s = 0;
            for (int k = 0; k < K; k++) s = fmaf(A[i * ras + k * cas], B[(int64_t)k * ldb + j], s);
            float *c = C + (int64_t)i * ldc + j;
            *c = beta == 0 ? alpha * s : alpha * s + beta * *c;
        }
}

/* ---- convolution: im2col fused into the NN GEMM ------------------------------------------- */
/* For W a multiple of 16 a 16-wide column panel of im2col(x) is 16 consecutive pixels of one
 * image row, so each of its K rows is one (masked) unaligned load from x. The panel [K][16] is
 * built in a small per-call buffer (L1/L2) and every row block of C reuses it: the im2col matrix
 * never goes to memory. */
int fl_conv_avx2_supported(int k, int H, int W) {
    return k == 3 && (W % 16 == 0 || (W == 8 && H % 2 == 0));
}

/* W == 8, H even (a panel never straddles two images): a panel is the two whole image rows y and
 * y + 1, each masked at both ends. */
static FL_AVX2 void conv_panel8(const float *x, int C, int N, int H, int n, int y, float *panel) {
    const int W = 8;
    const int64_t plane = (int64_t)H * W, cstride = (int64_t)N * plane;
    const __m256i idx = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
    const __m256i m_lo = _mm256_cmpgt_epi32(idx, _mm256_setzero_si256());   /* lane 0 off */
    const __m256i m_hi = _mm256_cmpgt_epi32(_mm256_set1_epi32(7), idx);     /* lane 7 off */
    const __m256 zero = _mm256_setzero_ps();
    for (int c = 0; c < C; c++) {
        const float *img = x + c * cstride + n * plane;
        for (int ky = 0; ky < 3; ky++) {
            float *row = panel + ((int64_t)c * 9 + ky * 3) * 16;
            for (int h = 0; h < 2; h++) {
                int sy = y + h + ky - 1;
                if (sy < 0 || sy >= H) {
                    _mm256_store_ps(row + 8 * h, zero);
                    _mm256_store_ps(row + 16 + 8 * h, zero);
                    _mm256_store_ps(row + 32 + 8 * h, zero);
                    continue;
                }
                const float *s = img + (int64_t)sy * W;
                _mm256_store_ps(row + 8 * h, _mm256_maskload_ps(s - 1, m_lo));
                _mm256_store_ps(row + 16 + 8 * h, _mm256_loadu_ps(s));
                _mm256_store_ps(row + 32 + 8 * h, _mm256_maskload_ps(s + 1, m_hi));
            }
        }
    }
}

static FL_AVX2 void conv_panel(const float *x, int C, int N, int H, int W, int n, int y, int x0,
                               float *panel) {
    const int64_t plane = (int64_t)H * W, cstride = (int64_t)N * plane;
    const __m256i idx = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
    /* kx = 0 reads x0-1 .. x0+14: lane 0 invalid when x0 == 0; kx = 2 reads x0+1 .. x0+16: lane 15
     * invalid when x0 + 16 == W */
    __m256i m_lo0 = x0 == 0 ? _mm256_cmpgt_epi32(idx, _mm256_setzero_si256()) : _mm256_set1_epi32(-1);
    __m256i m_hi2 = x0 + 16 == W ? _mm256_cmpgt_epi32(_mm256_set1_epi32(7), idx) : _mm256_set1_epi32(-1);
    const __m256 zero = _mm256_setzero_ps();
    for (int c = 0; c < C; c++) {
        const float *img = x + c * cstride + n * plane;
        for (int ky = 0; ky < 3; ky++) {
            int sy = y + ky - 1;
            float *row = panel + ((int64_t)c * 9 + ky * 3) * 16;
            if (sy < 0 || sy >= H) {
                for (int q = 0; q < 6; q++) _mm256_store_ps(row + 8 * q, zero);
                continue;
            }
            const float *s = img + (int64_t)sy * W + x0;
            /* kx = 0: s - 1 */
            _mm256_store_ps(row, _mm256_maskload_ps(s - 1, m_lo0));
            _mm256_store_ps(row + 8, _mm256_loadu_ps(s + 7));
            /* kx = 1 */
            _mm256_store_ps(row + 16, _mm256_loadu_ps(s));
            _mm256_store_ps(row + 24, _mm256_loadu_ps(s + 8));
            /* kx = 2: s + 1 */
            _mm256_store_ps(row + 32, _mm256_loadu_ps(s + 1));
            _mm256_store_ps(row + 40, _mm256_maskload_ps(s + 9, m_hi2));
        }
    }
}

void fl_conv_avx2_nn(int M, const float *A, const float *x, int C, int N, int H, int W, float *y,
                     float *panel, int p0, int p1) {
    const int K = C * 9, per_row = W == 8 ? 1 : W / 16;
    const int64_t S = (int64_t)N * H * W;
    for (int p = p0; p < p1; p++) {
        if (W == 8) {
            int rowi = 2 * p;   /* image rows 2p, 2p + 1 */
            conv_panel8(x, C, N, H, rowi / H, rowi % H, panel);
        } else {
            int x0 = (p % per_row) * 16, rowi = p / per_row, yy = rowi % H, n = rowi / H;
            conv_panel(x, C, N, H, W, n, yy, x0, panel);
        }
        int64_t j = (int64_t)p * 16;
        for (int i = 0, mr; i < M; i += mr) {
            mr = nn_next_mr(M - i);
            nn_block16_any(mr, K, A + (int64_t)i * K, K, 1, panel, 16, y + (int64_t)i * S + j, S,
                           1.0f, 0.0f);
        }
    }
}

/* ---- NT ------------------------------------------------------------------------------------ */
#define NT_KC 512

FL_INLINE FL_AVX2 float hsum8(__m256 v) {
    __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    s = _mm_add_ps(s, _mm_movehl_ps(s, s));
    s = _mm_add_ss(s, _mm_movehdup_ps(s));
    return _mm_cvtss_f32(s);
}

/* acc[r][q] += dot(A row r, B row q) over [k0, k0 + kc); mr <= 4, nr <= 3. */
FL_INLINE FL_AVX2 void nt_block(int mr, int nr, int kc, const float *A, int64_t lda,
                                const float *B, int64_t ldb, float *C, int64_t ldc, float alpha) {
    __m256 z = _mm256_setzero_ps();
    __m256 s00 = z, s01 = z, s02 = z, s10 = z, s11 = z, s12 = z;
    __m256 s20 = z, s21 = z, s22 = z, s30 = z, s31 = z, s32 = z;
    const float *a0 = A, *a1 = A + lda, *a2 = A + 2 * lda, *a3 = A + 3 * lda;
    const float *b0 = B, *b1 = B + ldb, *b2 = B + 2 * ldb;
    int k = 0;
    for (; k + 8 <= kc; k += 8) {
        __m256 v0 = _mm256_loadu_ps(b0 + k), v1 = z, v2 = z, u;
        if (nr > 1) v1 = _mm256_loadu_ps(b1 + k);
        if (nr > 2) v2 = _mm256_loadu_ps(b2 + k);
#define NT_ROW(r, a, x0, x1, x2)                                                               \
        if (mr > r) {                                                                          \
            u = _mm256_loadu_ps(a + k);                                                        \
            x0 = _mm256_fmadd_ps(u, v0, x0);                                                   \
            if (nr > 1) x1 = _mm256_fmadd_ps(u, v1, x1);                                       \
            if (nr > 2) x2 = _mm256_fmadd_ps(u, v2, x2);                                       \
        }
        NT_ROW(0, a0, s00, s01, s02) NT_ROW(1, a1, s10, s11, s12)
        NT_ROW(2, a2, s20, s21, s22) NT_ROW(3, a3, s30, s31, s32)
#undef NT_ROW
    }
    float acc[4][3] = {
        {hsum8(s00), hsum8(s01), hsum8(s02)}, {hsum8(s10), hsum8(s11), hsum8(s12)},
        {hsum8(s20), hsum8(s21), hsum8(s22)}, {hsum8(s30), hsum8(s31), hsum8(s32)}};
    for (; k < kc; k++)
        for (int r = 0; r < mr; r++)
            for (int q = 0; q < nr; q++) acc[r][q] = fmaf(A[r * lda + k], B[q * ldb + k], acc[r][q]);
    for (int r = 0; r < mr; r++)
        for (int q = 0; q < nr; q++) C[r * ldc + q] += alpha * acc[r][q];
}

static FL_AVX2 void nt_block_any(int mr, int nr, int kc, const float *A, int64_t lda,
                                 const float *B, int64_t ldb, float *C, int64_t ldc, float alpha) {
#define NT_CASE(m, n) case m * 4 + n: nt_block(m, n, kc, A, lda, B, ldb, C, ldc, alpha); break;
    switch (mr * 4 + nr) {
    NT_CASE(4, 3) NT_CASE(4, 2) NT_CASE(4, 1) NT_CASE(3, 3) NT_CASE(3, 2) NT_CASE(3, 1)
    NT_CASE(2, 3) NT_CASE(2, 2) NT_CASE(2, 1) NT_CASE(1, 3) NT_CASE(1, 2) NT_CASE(1, 1)
    default: break;
    }
#undef NT_CASE
}

void fl_gemm_avx2_nt(int M, int N, int K, float alpha, const float *A, int lda, const float *B,
                     int ldb, float beta, float *C, int ldc, int j0, int j1) {
    (void)N;
    if (beta != 1)
        for (int i = 0; i < M; i++)
            for (int j = j0; j < j1; j++) {
                float *c = C + (int64_t)i * ldc + j;
                *c = beta == 0 ? 0 : beta * *c;
            }
    /* j0 and j1 are multiples of 3 except at N, so the column blocks are the same whatever the
     * split; K chunks outermost so the chunk of A stays in cache across the column blocks. */
    for (int k0 = 0; k0 < K; k0 += NT_KC) {
        int kc = K - k0 < NT_KC ? K - k0 : NT_KC;
        for (int j = j0, nr; j < j1; j += nr) {
            nr = j1 - j < 3 ? j1 - j : 3;
            for (int i = 0, mr; i < M; i += mr) {
                mr = M - i < 4 ? M - i : 4;
                nt_block_any(mr, nr, kc, A + (int64_t)i * lda + k0, lda,
                             B + (int64_t)j * ldb + k0, ldb, C + (int64_t)i * ldc + j, ldc, alpha);
            }
        }
    }
}

/* ---- convolution weight gradient: im2col fused into the NT GEMM ------------------------------ */
/* dw[M][C*9] += dy[M][S] im2col(x)^T for a 3x3 convolution. The three im2col rows of one (c, ky)
 * (kx = 0, 1, 2) are one 3-wide column block of the NT kernel; they are built chunk by chunk
 * (whole image rows, about NT_KC long) into buf and used by every row block of dy. */
int fl_conv_avx2_dw_chunk(int W) { return W >= NT_KC ? W : NT_KC / W * W; }

void fl_conv_avx2_dw(int M, const float *dy, const float *x, int C, int N, int H, int W,
                     float *dw, float *buf, int q0, int q1) {
    const int64_t plane = (int64_t)H * W, S = (int64_t)N * plane;
    const int L = fl_conv_avx2_dw_chunk(W), K = C * 9;
    for (int64_t s0 = 0; s0 < S; s0 += L) {
        int len = S - s0 < L ? (int)(S - s0) : L;
        for (int q = q0; q < q1; q++) {
            int c = q / 3, ky = q % 3;
            for (int r = 0; r < len / W; r++) {
                int64_t row = s0 / W + r;
                int yy = (int)(row % H), n = (int)(row / H), sy = yy + ky - 1;
                float *d0 = buf + (int64_t)r * W, *d1 = d0 + L, *d2 = d1 + L;
                if (sy < 0 || sy >= H) {
                    memset(d0, 0, sizeof(float) * W);
                    memset(d1, 0, sizeof(float) * W);
                    memset(d2, 0, sizeof(float) * W);
                    continue;
                }
                const float *src = x + ((int64_t)c * N + n) * plane + (int64_t)sy * W;
                d0[0] = 0;
                memcpy(d0 + 1, src, sizeof(float) * (W - 1));
                memcpy(d1, src, sizeof(float) * W);
                memcpy(d2, src + 1, sizeof(float) * (W - 1));
                d2[W - 1] = 0;
            }
            for (int i = 0, mr; i < M; i += mr) {
                mr = M - i < 4 ? M - i : 4;
                nt_block_any(mr, 3, len, dy + (int64_t)i * S + s0, S, buf, L,
                             dw + (int64_t)i * K + q * 3, K, 1.0f);
            }
        }
    }
}

#else
int fl_gemm_avx2_available(void) { return 0; }
int fl_conv_avx2_supported(int k, int H, int W) { (void)k; (void)H; (void)W; return 0; }
int fl_conv_avx2_dw_chunk(int W) { return W; }
void fl_conv_avx2_dw(int M, const float *dy, const float *x, int C, int N, int H, int W,
                     float *dw, float *buf, int q0, int q1) {
    (void)M; (void)dy; (void)x; (void)C; (void)N; (void)H; (void)W; (void)dw; (void)buf;
    (void)q0; (void)q1;
}
void fl_conv_avx2_nn(int M, const float *A, const float *x, int C, int N, int H, int W, float *y,
                     float *panel, int p0, int p1) {
    (void)M; (void)A; (void)x; (void)C; (void)N; (void)H; (void)W; (void)y; (void)panel;
    (void)p0; (void)p1;
}
void fl_gemm_avx2_nn(int ta, int M, int N, int K, float alpha, const float *A, int lda,
                     const float *B, int ldb, float beta, float *C, int ldc, int j0, int j1) {
    (void)ta; (void)M; (void)N; (void)K; (void)alpha; (void)A; (void)lda; (void)B; (void)ldb;
    (void)beta; (void)C; (void)ldc; (void)j0; (void)j1;
}
void fl_gemm_avx2_nt(int M, int N, int K, float alpha, const float *A, int lda, const float *B,
                     int ldb, float beta, float *C, int ldc, int j0, int j1) {
    (void)M; (void)N; (void)K; (void)alpha; (void)A; (void)lda; (void)B; (void)ldb; (void)beta;
    (void)C; (void)ldc; (void)j0; (void)j1;
}
#endif
