package dev.bitnet4j.train.nn;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The matmuls of {@link ScalarMatmul} with the Vector API: fused multiply-adds over the preferred width, four
 * rows at a time so that each vector loaded from memory is used four times, over blocks of rows that stay
 * in L2. The sums are the scalar ones added in another order (per lane, then the lanes in a fixed order, with
 * fma's single rounding; the same numbers on every run and thread count), so results differ from the twin by
 * float rounding only, at most 2·n·2⁻²⁴·Σ|products| for a sum of n products (the test holds them to that);
 * sums of small integers (the ternary BitLinear) are exact in both. Here (one core of a shared AMD EPYC,
 * AVX-512) forward runs at 20-30 GFLOP/s (its per-dot lane sums cost most at small K), the two gradients at
 * 35-45, the scalar twin at about 5.
 */
public final class VectorMatmul implements MatmulKernel {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    /** Rows per cache block: 64 rows of up to a few thousand floats fit in a core's L2. */
    private static final int ROW_BLOCK = 64;

    @Override
    public void forward(float[] y, float[] x, float[] w, int T, int K, int N, int n0, int n1) {
        float[] lanes = new float[S.length()];
        for (int tb = 0; tb < T; tb += ROW_BLOCK) {   // a block of input rows stays in L2 while every weight row passes
            int tEnd = Math.min(T, tb + ROW_BLOCK);
            for (int n = n0; n < n1; n++) {
                int t = tb;
                for (; t + 4 <= tEnd; t += 4) dot4(y, x, w, t, n, K, N, lanes);   // one weight row against four input rows
                for (; t < tEnd; t++) y[t * N + n] = dot(w, n * K, x, t * K, K, lanes);
            }
        }
    }

    /** y[t..t+3, n] from input rows t..t+3 and weight row n. */
    private static void dot4(float[] y, float[] x, float[] w, int t, int n, int K, int N, float[] lanes) {
        int upper = S.loopBound(K), wo = n * K, x0 = t * K, x1 = x0 + K, x2 = x1 + K, x3 = x2 + K;
        FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0, a3 = a0;
        for (int k = 0; k < upper; k += S.length()) {
            FloatVector wv = FloatVector.fromArray(S, w, wo + k);
            a0 = wv.fma(FloatVector.fromArray(S, x, x0 + k), a0);
            a1 = wv.fma(FloatVector.fromArray(S, x, x1 + k), a1);
            a2 = wv.fma(FloatVector.fromArray(S, x, x2 + k), a2);
            a3 = wv.fma(FloatVector.fromArray(S, x, x3 + k), a3);
        }
        a0.intoArray(lanes, 0);
        float s0 = sum(lanes);
        a1.intoArray(lanes, 0);
        float s1 = sum(lanes);
        a2.intoArray(lanes, 0);
        float s2 = sum(lanes);
        a3.intoArray(lanes, 0);
        float s3 = sum(lanes);
        for (int k = upper; k < K; k++) {
            s0 += w[wo + k] * x[x0 + k];
            s1 += w[wo + k] * x[x1 + k];
            s2 += w[wo + k] * x[x2 + k];
            s3 += w[wo + k] * x[x3 + k];
        }
        y[t * N + n] = s0;
        y[(t + 1) * N + n] = s1;
        y[(t + 2) * N + n] = s2;
        y[(t + 3) * N + n] = s3;
    }

    /**
     * The lanes of an accumulator (stored into {@code lanes}) added in index order. Not reduceLanes(ADD): its
     * order is unspecified and differs between the interpreter and compiled code, which would make a run's
     * numbers depend on JIT timing. It takes an array, not a vector: a vector passed to a method the JIT does
     * not inline is boxed, which made this kernel ten times slower.
     */
    private static float sum(float[] lanes) {
        float s = 0;
        for (float l : lanes) s += l;
        return s;
    }

    private static float dot(float[] a, int ao, float[] b, int bo, int K, float[] lanes) {
        int upper = S.loopBound(K);
        FloatVector acc = FloatVector.zero(S);
        for (int k = 0; k < upper; k += S.length()) {
            acc = FloatVector.fromArray(S, a, ao + k).fma(FloatVector.fromArray(S, b, bo + k), acc);
        }
        acc.intoArray(lanes, 0);
        float s = sum(lanes);
        for (int k = upper; k < K; k++) s += a[ao + k] * b[bo + k];
        return s;
    }

    @Override
    public void backwardInput(float[] dx, float[] dy, float[] w, int T, int K, int N, int t0, int t1) {
        for (int nb = 0; nb < N; nb += ROW_BLOCK) {   // a block of weight rows stays in L2 while every dx row passes
            int nEnd = Math.min(N, nb + ROW_BLOCK);
            for (int t = t0; t < t1; t++) {
                int xo = t * K, n = nb;
                for (; n + 4 <= nEnd; n += 4) {   // four weight rows into one dx row: dx is loaded and stored once
                    int d = t * N + n;
                    axpy4(dx, xo, w, n * K, K, dy[d], dy[d + 1], dy[d + 2], dy[d + 3]);
                }
                for (; n < nEnd; n++) axpy1(dx, xo, w, n * K, K, dy[t * N + n]);
            }
        }
    }

    @Override
    public void backwardWeight(float[] dw, float[] dy, float[] x, int T, int K, int N, int n0, int n1) {
        for (int tb = 0; tb < T; tb += ROW_BLOCK) {   // as in forward; each dw element still adds its rows t in order
            int tEnd = Math.min(T, tb + ROW_BLOCK);
            for (int n = n0; n < n1; n++) {
                int wo = n * K, t = tb;
                for (; t + 4 <= tEnd; t += 4) {   // four input rows into one dw row
                    axpy4(dw, wo, x, t * K, K, dy[t * N + n], dy[(t + 1) * N + n], dy[(t + 2) * N + n], dy[(t + 3) * N + n]);
                }
                for (; t < tEnd; t++) axpy1(dw, wo, x, t * K, K, dy[t * N + n]);
            }
        }
    }

    /** out[o + k] += c0·m[r + k] + c1·m[r + K + k] + c2·m[r + 2K + k] + c3·m[r + 3K + k] for k < K. */
    private static void axpy4(float[] out, int o, float[] m, int r, int K, float c0, float c1, float c2, float c3) {
        int upper = S.loopBound(K), r1 = r + K, r2 = r1 + K, r3 = r2 + K;
        FloatVector v0 = FloatVector.broadcast(S, c0), v1 = FloatVector.broadcast(S, c1);
        FloatVector v2 = FloatVector.broadcast(S, c2), v3 = FloatVector.broadcast(S, c3);
        int k = 0;
        for (; k < upper; k += S.length()) {
            FloatVector acc = FloatVector.fromArray(S, out, o + k);
            acc = FloatVector.fromArray(S, m, r + k).fma(v0, acc);
            acc = FloatVector.fromArray(S, m, r1 + k).fma(v1, acc);
            acc = FloatVector.fromArray(S, m, r2 + k).fma(v2, acc);
            acc = FloatVector.fromArray(S, m, r3 + k).fma(v3, acc);
            acc.intoArray(out, o + k);
        }
        for (; k < K; k++) out[o + k] += c0 * m[r + k] + c1 * m[r1 + k] + c2 * m[r2 + k] + c3 * m[r3 + k];
    }

    /** out[o + k] += c·m[r + k] for k < K. */
    private static void axpy1(float[] out, int o, float[] m, int r, int K, float c) {
        int upper = S.loopBound(K), k = 0;
        FloatVector v = FloatVector.broadcast(S, c);
        for (; k < upper; k += S.length()) {
            FloatVector.fromArray(S, m, r + k).fma(v, FloatVector.fromArray(S, out, o + k)).intoArray(out, o + k);
        }
        for (; k < K; k++) out[o + k] += c * m[r + k];
    }
}
