/*
 * greater4j's matrix product for decoding: y[i][j] = sum_k x[i][k] * w[j][k] (+ b[j]) for the few
 * rows i of x that a decode step has (1 to a few tens). w is a model weight in its own layout
 * ([out, in], row-major, float32): NBW rows of w at a time are held in L1 while every row of x is
 * multiplied with them (4 x NBW blocks of vector accumulators: NBW = 4 with AVX-512's 32 registers, 3 with
 * AVX2's 16, where 4 x 4 accumulators spilled; in a C harness on a 2-core EPYC, 4 x 3 ran 16 rows through the
 * Qwen2-0.5B shape's layers 1.19-1.28x faster), and the NBW rows two blocks ahead are prefetched
 * meanwhile, so the weight streams from memory once per call whatever the number of rows. libtorch's oneMKL
 * path streamed the weight of such a product at a fraction of the memory bandwidth (on a 2-core Xeon
 * reading 30 GB/s: 4-6 GB/s for the gate/up weight and the output head of a Qwen2-0.5B shape at 16 to 32
 * rows).
 *
 * Every output element is summed in the same order whatever the block it falls in, so a row's
 * result does not depend on the other rows of the batch.
 *
 * Compiled at run time by org.greater4j.model.NativeLinear with the machine's C compiler
 * (-O3 -march=native -ffp-contract=fast -fopenmp), so the vector width is the CPU's own: 16 floats
 * with AVX-512, 8 with AVX. Threads: libtorch's OpenMP threads share the weight's rows (see
 * linear_parallel).
 */
#include <jni.h>
#include <string.h>
#ifdef _OPENMP
#include <omp.h>
#endif

#if defined(__AVX512F__)
#define VL 16
#elif defined(__AVX__)
#define VL 8
#else
#define VL 4
#endif

typedef float vf __attribute__((vector_size(VL * 4)));

static inline vf loadu(const float *p) {
    vf v;
    memcpy(&v, p, sizeof v);
    return v;
}

typedef float v4 __attribute__((vector_size(16)));

/* Sum of the lanes, by halving (vextract + add) down to 4 lanes. */
static inline float hsum(vf v) {
#if VL == 16
    typedef float v8 __attribute__((vector_size(32)));
    v8 lo8, hi8;
    memcpy(&lo8, &v, 32);
    memcpy(&hi8, (char *) &v + 32, 32);
    v8 s8 = lo8 + hi8;
#elif VL == 8
    typedef float v8 __attribute__((vector_size(32)));
    v8 s8 = v;
#endif
#if VL >= 8
    v4 lo4, hi4;
    memcpy(&lo4, &s8, 16);
    memcpy(&hi4, (char *) &s8 + 16, 16);
    v4 s4 = lo4 + hi4;
#else
    v4 s4 = v;
#endif
    return (s4[0] + s4[2]) + (s4[1] + s4[3]);
}

/*
 * A loaded vector stays in a register for all the multiply-adds that use it. Without this, gcc's AMD
 * tunings (-march=native on a Zen CPU, -mtune=znver*) fold the loads into memory operands of the
 * multiply-adds and reload each x vector once per weight row: 15 loads per 12 multiply-adds instead of 7
 * in the 4 x 3 block. On a 2-core EPYC (gcc 12, which tunes it as znver3), 16 rows times the Qwen2-0.5B
 * shape's 9728 x 896 weight, cold: 2.45 -> 1.57 ms with AVX-512, 2.18 -> 1.97 ms with AVX2 and that tuning
 * (-march=native -mno-avx512f); the generic x86-64-v3 tuning was already at 1.94-2.01 ms. Single rows,
 * which read each loaded vector once or NBW times from L1 while streaming the weight, are left to the
 * compiler (the constraint measured slower there, 0.31 -> 0.38 ms for the 896 x 4864 weight).
 */
#if defined(__x86_64__) || defined(__i386__)
#define KEEP_IN_REGISTER(v) __asm__("" : "+v"(v))
#else
#define KEEP_IN_REGISTER(v) ((void) 0)
#endif

/* Rows [i0, i0 + MB) of x times rows [j, j + NB) of w, into y. */
#define BLOCK(MB, NB)                                                                              \
    static void block_##MB##_##NB(const float *x, const float *w, float *y, long k, long ldy,      \
                                  long i0, long j, const float *pf, int npf) {                   \
        vf acc[MB][NB];                                                                           \
        for (int a = 0; a < MB; a++)                                                              \
            for (int c = 0; c < NB; c++) acc[a][c] = (vf){0};                                     \
        long kv = k - k % VL;                                                                     \
        for (long p = 0; p < kv; p += VL) {                                                       \
            vf wv[NB];                                                                            \
            for (int c = 0; c < NB; c++) {                                                        \
                wv[c] = loadu(w + (j + c) * k + p);                                               \
                if (MB > 1) KEEP_IN_REGISTER(wv[c]);                                              \
            }                                                                                     \
            for (int c = 0; c < npf; c++) __builtin_prefetch(pf + c * k + p, 0, 1);               \
            for (int a = 0; a < MB; a++) {                                                        \
                vf xv = loadu(x + (i0 + a) * k + p);                                              \
                if (MB > 1) KEEP_IN_REGISTER(xv);                                                 \
                for (int c = 0; c < NB; c++) acc[a][c] += xv * wv[c];                             \
            }                                                                                     \
        }                                                                                         \
        for (int a = 0; a < MB; a++) {                                                            \
            for (int c = 0; c < NB; c++) {                                                        \
                float s = hsum(acc[a][c]);                                                        \
                for (long p = kv; p < k; p++) s += x[(i0 + a) * k + p] * w[(j + c) * k + p];      \
                y[(i0 + a) * ldy + j + c] = s;                                                    \
            }                                                                                     \
        }                                                                                         \
    }

#ifndef NBW
#if VL == 8
#define NBW 3 /* 16 ymm registers: 4 x 3 accumulators + 3 weight vectors + 1 x vector */
#else
#define NBW 4
#endif
#endif
BLOCK(4, NBW)
BLOCK(2, NBW)
BLOCK(1, NBW)
BLOCK(4, 1)
BLOCK(2, 1)
BLOCK(1, 1)

/*
 * Rows [j, j + NBW) of w are NBW k contiguous floats. While they are multiplied with the rows of x, the
 * NBW rows PF_BLOCKS blocks ahead are prefetched (locality hint 1: prefetcht2 on x86), spread over this block's
 * blocks of x rows, so that reading the weight from memory overlaps with the arithmetic. (On a
 * 2-core Xeon, 16 rows of x: 3.5 ms instead of 8.8 ms for a 9728 x 896 weight; hardware
 * prefetching alone does not cover these short rows.)
 */
#define PF_BLOCKS 2

static void rowsW(const float *x, const float *w, float *y, long m, long k, long ldy, long j, long n1) {
    const float *next = j + NBW * (PF_BLOCKS + 1) <= n1 ? w + (j + NBW * PF_BLOCKS) * k : NULL;
    long blocks = m / 4 + (m % 4) / 2 + m % 2;
    int per = (int) ((NBW + blocks - 1) / blocks); /* rows of the prefetched block per block of x */
    long i = 0;
    int r = 0;
#define PF(r) (next != NULL && (r) * per < NBW ? next + (r) * per * k : NULL), \
              (next != NULL && (r) * per < NBW ? ((r) * per + per <= NBW ? per : NBW - (r) * per) : 0)
    for (; i + 4 <= m; i += 4, r++) block_4_NBW(x, w, y, k, ldy, i, j, PF(r));
    for (; i + 2 <= m; i += 2, r++) block_2_NBW(x, w, y, k, ldy, i, j, PF(r));
    for (; i < m; i++, r++) block_1_NBW(x, w, y, k, ldy, i, j, PF(r));
#undef PF
}

static void rows1(const float *x, const float *w, float *y, long m, long k, long ldy, long j) {
    long i = 0;
    for (; i + 4 <= m; i += 4) block_4_1(x, w, y, k, ldy, i, j, NULL, 0);
    for (; i + 2 <= m; i += 2) block_2_1(x, w, y, k, ldy, i, j, NULL, 0);
    for (; i < m; i++) block_1_1(x, w, y, k, ldy, i, j, NULL, 0);
}

/* y (m x n, row-major) columns [n0, n1) = x (m x k) w^T (+ b); w is n x k. */
static void linear(const float *x, const float *w, const float *b, float *y, long m, long k, long n,
                   long n0, long n1) {
    long j = n0;
    for (; j + NBW <= n1; j += NBW) rowsW(x, w, y, m, k, n, j, n1);
    for (; j < n1; j++) rows1(x, w, y, m, k, n, j);
    if (b != NULL)
        for (long i = 0; i < m; i++)
            for (long c = n0; c < n1; c++) y[i * n + c] += b[c];
}

/*
 * Columns split between OpenMP threads in whole blocks of NBW weight rows. The library is linked
 * with -fopenmp after libtorch is loaded, so its libgomp dependency (soname libgomp.so.1) resolves to
 * libtorch's own runtime: the same threads, already spinning between libtorch's parallel regions,
 * run these ones, and the machine is not oversubscribed.
 */
static void linear_parallel(const float *x, const float *w, const float *b, float *y, long m, long k, long n) {
#ifdef _OPENMP
    long blocks = (n + NBW - 1) / NBW;
#pragma omp parallel
    {
        long t = omp_get_thread_num();
        long nt = omp_get_num_threads();
        long b0 = blocks * t / nt;
        long b1 = blocks * (t + 1) / nt;
        long n0 = b0 * NBW;
        long n1 = b1 * NBW < n ? b1 * NBW : n;
        if (n0 < n1) linear(x, w, b, y, m, k, n, n0, n1);
    }
#else
    linear(x, w, b, y, m, k, n, 0, n);
#endif
}

/* Returns 0, or -1 when a buffer is not a direct one (nothing written then). */
JNIEXPORT jint JNICALL Java_org_greater4j_model_NativeLinear_linear0(JNIEnv *env, jclass cls, jobject xb,
        jobject wb, jobject bb, jobject yb, jlong m, jlong k, jlong n, jboolean parallel) {
    (void) cls;
    const float *x = (*env)->GetDirectBufferAddress(env, xb);
    const float *w = (*env)->GetDirectBufferAddress(env, wb);
    const float *b = bb == NULL ? NULL : (*env)->GetDirectBufferAddress(env, bb);
    float *y = (*env)->GetDirectBufferAddress(env, yb);
    if (x == NULL || w == NULL || y == NULL || (bb != NULL && b == NULL)) return -1;
    if (parallel) linear_parallel(x, w, b, y, m, k, n);
    else linear(x, w, b, y, m, k, n, 0, n);
    return 0;
}

/* The threads a parallel call uses (1 without OpenMP). */
JNIEXPORT jint JNICALL Java_org_greater4j_model_NativeLinear_threads0(JNIEnv *env, jclass cls) {
    (void) env;
    (void) cls;
#ifdef _OPENMP
    return omp_get_max_threads();
#else
    return 1;
#endif
}

/* The vector width this build uses, in floats (for the log and the benchmark's machine table). */
JNIEXPORT jint JNICALL Java_org_greater4j_model_NativeLinear_vectorWidth0(JNIEnv *env, jclass cls) {
    (void) env;
    (void) cls;
    return VL;
}
