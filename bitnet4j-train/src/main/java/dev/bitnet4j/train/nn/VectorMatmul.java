package dev.bitnet4j.train.nn;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The matmuls of {@link ScalarMatmul} with the Vector API: fused multiply-adds over the preferred width, four
 * rows at a time so that each vector loaded from memory is used four times. The sums are the scalar ones added
 * in another order (lanes, then a reduction, with fma's single rounding), so results differ from the twin by
 * float rounding only: at most about n·2⁻²³·Σ|products| for a sum of n products (the test holds them to that);
 * sums of small integers (the ternary BitLinear) are exact in both.
 */
public final class VectorMatmul implements MatmulKernel {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    @Override
    public void forward(float[] y, float[] x, float[] w, int T, int K, int N, int n0, int n1) {
        int upper = S.loopBound(K);
        for (int n = n0; n < n1; n++) {
            int wo = n * K, t = 0;
            for (; t + 4 <= T; t += 4) {   // one weight row against four input rows
                int x0 = t * K, x1 = x0 + K, x2 = x1 + K, x3 = x2 + K;
                FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0, a3 = a0;
                for (int k = 0; k < upper; k += S.length()) {
                    FloatVector wv = FloatVector.fromArray(S, w, wo + k);
                    a0 = wv.fma(FloatVector.fromArray(S, x, x0 + k), a0);
                    a1 = wv.fma(FloatVector.fromArray(S, x, x1 + k), a1);
                    a2 = wv.fma(FloatVector.fromArray(S, x, x2 + k), a2);
                    a3 = wv.fma(FloatVector.fromArray(S, x, x3 + k), a3);
                }
                float s0 = a0.reduceLanes(VectorOperators.ADD), s1 = a1.reduceLanes(VectorOperators.ADD);
                float s2 = a2.reduceLanes(VectorOperators.ADD), s3 = a3.reduceLanes(VectorOperators.ADD);
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
            for (; t < T; t++) y[t * N + n] = dot(w, wo, x, t * K, K, upper);
        }
    }

    private static float dot(float[] a, int ao, float[] b, int bo, int K, int upper) {
        FloatVector acc = FloatVector.zero(S);
        for (int k = 0; k < upper; k += S.length()) {
            acc = FloatVector.fromArray(S, a, ao + k).fma(FloatVector.fromArray(S, b, bo + k), acc);
        }
        float s = acc.reduceLanes(VectorOperators.ADD);
        for (int k = upper; k < K; k++) s += a[ao + k] * b[bo + k];
        return s;
    }

    @Override
    public void backwardInput(float[] dx, float[] dy, float[] w, int T, int K, int N, int t0, int t1) {
        for (int t = t0; t < t1; t++) {
            int xo = t * K, n = 0;
            for (; n + 4 <= N; n += 4) {   // four weight rows into one dx row: dx is loaded and stored once
                int d = t * N + n;
                axpy4(dx, xo, w, n * K, K, dy[d], dy[d + 1], dy[d + 2], dy[d + 3]);
            }
            for (; n < N; n++) axpy1(dx, xo, w, n * K, K, dy[t * N + n]);
        }
    }

    @Override
    public void backwardWeight(float[] dw, float[] dy, float[] x, int T, int K, int N, int n0, int n1) {
        for (int n = n0; n < n1; n++) {
            int wo = n * K, t = 0;
            for (; t + 4 <= T; t += 4) {   // four input rows into one dw row
                axpy4(dw, wo, x, t * K, K, dy[t * N + n], dy[(t + 1) * N + n], dy[(t + 2) * N + n], dy[(t + 3) * N + n]);
            }
            for (; t < T; t++) axpy1(dw, wo, x, t * K, K, dy[t * N + n]);
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
