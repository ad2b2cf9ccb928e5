package dev.bitnet4j.train.nn;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The vector matmuls against their scalar twin on awkward sizes (one row, odd lengths, tails shorter than a
 * vector): exactly equal on small integers (every partial sum is exact), and on random floats within the
 * classic bound for a sum of n products added in any order, |Δ| ≤ 2·n·2⁻²⁴·Σ|products|.
 */
class MatmulKernelTest {
    private static final int[][] SHAPES = {{1, 1, 1}, {1, 37, 5}, {3, 16, 4}, {7, 33, 9}, {9, 70, 13}, {4, 128, 8}};
    private final Random rng = new Random(3);

    @Test
    void vectorEqualsScalarExactlyOnIntegers() {
        for (int[] s : SHAPES) {
            int T = s[0], K = s[1], N = s[2];
            float[][] r = run(T, K, N, true);
            assertArrayEquals(r[0], r[1], "forward " + T + "x" + K + "x" + N);
            assertArrayEquals(r[2], r[3], "backward input");
            assertArrayEquals(r[4], r[5], "backward weight");
        }
    }

    @Test
    void vectorEqualsScalarWithinRoundingOnFloats() {
        for (int[] s : SHAPES) {
            int T = s[0], K = s[1], N = s[2];
            float[][] r = run(T, K, N, false);
            float[][] bounds = bounds(T, K, N);
            for (int p = 0; p < 3; p++) {
                for (int i = 0; i < r[2 * p].length; i++) {
                    double d = Math.abs(r[2 * p][i] - r[2 * p + 1][i]);
                    assertTrue(d <= bounds[p][i], "product " + p + " element " + i + ": |Δ| " + d + " > " + bounds[p][i]);
                }
            }
        }
    }

    @Test
    void resultDoesNotDependOnThreadCount() {
        float[] x = data(9 * 70, false), w = data(13 * 70, false), one = new float[9 * 13], three = new float[9 * 13];
        try (Matmul a = Matmul.vector(1); Matmul b = Matmul.vector(3)) {
            a.forward(one, x, w, 9, 70, 13);
            b.forward(three, x, w, 9, 70, 13);
        }
        assertArrayEquals(one, three);
    }

    private float[] x, w, dy;

    /** scalar and vector results of forward, backwardInput, backwardWeight (accumulating onto a non-zero start). */
    private float[][] run(int T, int K, int N, boolean integers) {
        x = data(T * K, integers);
        w = data(N * K, integers);
        dy = data(T * N, integers);
        float[] start = data(T * K, integers), startW = data(N * K, integers);
        MatmulKernel sc = new ScalarMatmul(), vec = new VectorMatmul();
        float[][] out = {new float[T * N], new float[T * N], start.clone(), start.clone(), startW.clone(), startW.clone()};
        sc.forward(out[0], x, w, T, K, N, 0, N);
        vec.forward(out[1], x, w, T, K, N, 0, N);
        sc.backwardInput(out[2], dy, w, T, K, N, 0, T);
        vec.backwardInput(out[3], dy, w, T, K, N, 0, T);
        sc.backwardWeight(out[4], dy, x, T, K, N, 0, N);
        vec.backwardWeight(out[5], dy, x, T, K, N, 0, N);
        return out;
    }

    /** 2·n·2⁻²⁴·Σ|terms| per element of each product (the accumulated start value counts as one term). */
    private float[][] bounds(int T, int K, int N) {
        float[] f = new float[T * N], bi = new float[T * K], bw = new float[N * K];
        double u = Math.scalb(1.0, -24);
        for (int t = 0; t < T; t++) {
            for (int n = 0; n < N; n++) {
                double s = 0;
                for (int k = 0; k < K; k++) s += Math.abs(x[t * K + k] * w[n * K + k]);
                f[t * N + n] = (float) (2 * K * u * s) + Float.MIN_NORMAL;
            }
        }
        for (int t = 0; t < T; t++) {
            for (int k = 0; k < K; k++) {
                double s = 4;   // |start| < 4 (gaussians here stay below it)
                for (int n = 0; n < N; n++) s += Math.abs(dy[t * N + n] * w[n * K + k]);
                bi[t * K + k] = (float) (2 * (N + 1) * u * s);
            }
        }
        for (int n = 0; n < N; n++) {
            for (int k = 0; k < K; k++) {
                double s = 4;
                for (int t = 0; t < T; t++) s += Math.abs(dy[t * N + n] * x[t * K + k]);
                bw[n * K + k] = (float) (2 * (T + 1) * u * s);
            }
        }
        return new float[][]{f, bi, bw};
    }

    private float[] data(int n, boolean integers) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = integers ? rng.nextInt(-128, 128) : (float) Math.clamp(rng.nextGaussian(), -3.9, 3.9);
        return a;
    }
}
