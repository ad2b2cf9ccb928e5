package dev.bitnet4j.kernels;

import dev.bitnet4j.model.TernaryMatrix;
import dev.bitnet4j.model.TernaryPacking;
import dev.bitnet4j.model.TileCache;
import dev.bitnet4j.tensor.DType;
import dev.bitnet4j.tensor.Floats;
import dev.bitnet4j.tensor.Tensor;
import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/** Each vector kernel against its scalar twin, on awkward sizes: exact for the integer parts. */
class VectorKernelsTest {
    static final ScalarKernels scalar = new ScalarKernels();
    static final VectorKernels one = new VectorKernels(1), three = new VectorKernels(3);
    /** The kernel CPUs without 512-bit vectors get: the product on the checkpoint's packed layout. */
    static final VectorKernels official = new VectorKernels(2, false);
    final SplittableRandom rnd = new SplittableRandom(42);

    @AfterAll
    static void close() {
        one.close();
        three.close();
        official.close();
    }

    TernaryMatrix randomTernary(int rows, int cols, int constant) {
        byte[] t = new byte[rows * cols];
        for (int i = 0; i < t.length; i++) t[i] = (byte) (constant != 0 ? constant : rnd.nextInt(3) - 1);
        return TileCache.inMemory(new TernaryMatrix("m", rows, cols, MemorySegment.ofArray(TernaryPacking.pack(t, rows, cols)), 0.37f));
    }

    @Test
    void ternaryProductEqualsTheScalarTwinExactly() {
        int[][] shapes = {{4, 1}, {4, 7}, {8, 63}, {12, 64}, {4, 65}, {16, 130}, {36, 255}, {64, 256}, {8, 2560}, {8, 6912},
                {260, 136}, {640, 300}};
        for (int[] shape : shapes) {
            for (int tokens : new int[]{1, 3, 17}) {
                TernaryMatrix m = randomTernary(shape[0], shape[1], 0);
                byte[] q = new byte[tokens * shape[1]];
                for (int i = 0; i < q.length; i++) q[i] = (byte) rnd.nextInt(-128, 128);
                checkTernary(m, q, tokens, shape[0] + "x" + shape[1] + " T=" + tokens);
            }
        }
    }

    /** The largest sums: every weight +1 or -1 against every activation -128 or 127, over the 2B4T FFN width. */
    @Test
    void extremeSumsDoNotOverflowTheShortLanes() {
        for (int w : new int[]{1, -1}) {
            for (byte x : new byte[]{-128, 127}) {
                TernaryMatrix m = randomTernary(8, 6912, w);
                byte[] q = new byte[6912];
                java.util.Arrays.fill(q, x);
                float[] out = checkTernary(m, q, 1, "w=" + w + " x=" + x);
                assertEquals(w * x * 6912 / 1f * 0.37f, out[0], 0f);
            }
        }
    }

    float[] checkTernary(TernaryMatrix m, byte[] q, int tokens, String what) {
        float[] s = new float[tokens];
        for (int t = 0; t < tokens; t++) s[t] = 1f + t * 0.25f;
        float[] expected = new float[tokens * m.rows()], a = new float[expected.length], b = new float[expected.length];
        float[] c = new float[expected.length];
        scalar.bitlinear(m, q, s, tokens, expected);
        one.bitlinear(m, q, s, tokens, a);
        three.bitlinear(m, q, s, tokens, b);
        official.bitlinear(m, q, s, tokens, c);
        assertArrayEquals(expected, a, what + " (1 thread)");
        assertArrayEquals(expected, b, what + " (3 threads)");
        assertArrayEquals(expected, c, what + " (official layout)");
        return a;
    }

    @Test
    void bf16ProductMatchesWithinRounding() {
        for (int[] shape : new int[][]{{1, 1}, {3, 17}, {5, 32}, {7, 33}, {64, 256}, {130, 2560}}) {
            int rows = shape[0], cols = shape[1], tokens = 2;
            MemorySegment seg = MemorySegment.ofArray(new short[rows * cols]);
            double[] absRow = new double[tokens * rows];
            float[] x = new float[tokens * cols];
            for (int i = 0; i < x.length; i++) x[i] = (float) rnd.nextGaussian();
            for (long i = 0; i < (long) rows * cols; i++) seg.set(Tensor.SHORT, 2 * i, Floats.floatToBf16((float) rnd.nextGaussian()));
            Tensor w = new Tensor("w", DType.BF16, new long[]{rows, cols}, seg, Path.of("test"));
            float[] expected = new float[tokens * rows + 1], got = new float[tokens * rows + 1];
            scalar.floatMatmul(w, x, 0, tokens, expected, 1);
            three.floatMatmul(w, x, 0, tokens, got, 1);
            for (int t = 0; t < tokens; t++) {
                for (int j = 0; j < rows; j++) {
                    double bound = 0;
                    for (int c = 0; c < cols; c++) bound += Math.abs(w.getFloat((long) j * cols + c) * x[t * cols + c]);
                    assertEquals(expected[1 + t * rows + j], got[1 + t * rows + j], 1e-6 * bound + 1e-30, rows + "x" + cols);
                }
            }
        }
    }

    @Test
    void q8ProductMatchesWithinRounding() {
        for (int[] shape : new int[][]{{1, 1}, {3, 17}, {7, 33}, {64, 256}, {130, 2560}}) {
            int rows = shape[0], cols = shape[1], tokens = 2;
            MemorySegment seg = MemorySegment.ofArray(new short[rows * cols]);
            for (long i = 0; i < (long) rows * cols; i++) seg.set(Tensor.SHORT, 2 * i, Floats.floatToBf16((float) rnd.nextGaussian()));
            Tensor w = new Tensor("w", DType.BF16, new long[]{rows, cols}, seg, Path.of("test"));
            try (var arena = java.lang.foreign.Arena.ofShared()) {
                dev.bitnet4j.model.Q8Matrix q8 = dev.bitnet4j.model.Q8Matrix.quantize(w, arena);
                for (int i = 0; i < rows * cols; i++) {   // q = rint(W / scale), so each weight is within half a step
                    float back = q8.data().get(java.lang.foreign.ValueLayout.JAVA_BYTE, i) * q8.scales()[i / cols];
                    assertEquals(w.getFloat(i), back, q8.scales()[i / cols] * 0.5f + 1e-6f);
                }
                float[] x = new float[tokens * cols];
                for (int i = 0; i < x.length; i++) x[i] = (float) rnd.nextGaussian();
                float[] expected = new float[tokens * rows], got = new float[tokens * rows];
                scalar.q8Matmul(q8, x, 0, tokens, expected, 0);
                three.q8Matmul(q8, x, 0, tokens, got, 0);
                for (int i = 0; i < got.length; i++) assertEquals(expected[i], got[i], 1e-4f * (1 + Math.abs(expected[i])), rows + "x" + cols);
            }
        }
    }

    @Test
    void quantizeEqualsTheScalarTwinExactlyIncludingTies() {
        for (int n : new int[]{1, 5, 16, 17, 64, 100, 2560}) {
            for (int trial = 0; trial < 20; trial++) {
                float[] x = new float[n + 3];
                for (int i = 0; i < x.length; i++) {
                    // half of the trials put values on exact .5 ties (amax 127 gives s = 1)
                    x[i] = trial % 2 == 0 ? (float) rnd.nextGaussian() * 3 : rnd.nextInt(-127, 127) + 0.5f;
                }
                if (trial % 2 == 1) x[3] = 127f;
                byte[] a = new byte[n + 2], b = new byte[n + 2];
                float sa = scalar.quantize(x, 3, n, a, 2), sb = one.quantize(x, 3, n, b, 2);
                assertEquals(sa, sb);
                assertArrayEquals(a, b, "n=" + n + " trial " + trial);
            }
        }
        byte[] z = new byte[8];
        assertEquals(127f / 1e-5f, one.quantize(new float[8], 0, 8, z, 0));
    }

    @Test
    void rmsnormMatchesWithinRounding() {
        for (int n : new int[]{1, 15, 16, 33, 2560}) {
            float[] x = new float[n + 1], w = new float[n], a = new float[n], b = new float[n];
            for (int i = 0; i < x.length; i++) x[i] = (float) rnd.nextGaussian();
            for (int i = 0; i < n; i++) w[i] = 0.5f + rnd.nextFloat();
            scalar.rmsnorm(a, 0, x, 1, w, n, 1e-5f);
            one.rmsnorm(b, 0, x, 1, w, n, 1e-5f);
            for (int i = 0; i < n; i++) assertEquals(a[i], b[i], 1e-5f * Math.abs(a[i]) + 1e-7f, "n=" + n);
        }
    }

    @Test
    void attentionMatchesWithinRounding() {
        for (int[] shape : new int[][]{{4, 2, 16, 1}, {4, 2, 16, 37}, {20, 5, 128, 130}, {3, 1, 7, 5}}) {
            int heads = shape[0], kv = shape[1], hd = shape[2], len = shape[3];
            float[] q = new float[heads * hd + 2], k = new float[len * kv * hd], v = new float[len * kv * hd];
            for (float[] a : new float[][]{q, k, v}) for (int i = 0; i < a.length; i++) a[i] = (float) rnd.nextGaussian();
            float[] a = new float[heads * hd], b = new float[heads * hd];
            scalar.attention(q, 2, k, v, len, heads, kv, hd, a, 0, new float[len]);
            one.attention(q, 2, k, v, len, heads, kv, hd, b, 0, new float[len]);
            for (int i = 0; i < a.length; i++) assertEquals(a[i], b[i], 1e-5f * (1 + Math.abs(a[i])), java.util.Arrays.toString(shape));
        }
    }

    @Test
    void ropeEqualsTheScalarTwinExactly() {
        int off = 3, csOff = 5;
        for (int headDim : new int[]{2, 6, 64, 128, 130}) {
            int half = headDim / 2;
            float[] cos = new float[csOff + half + 1], sin = new float[cos.length];
            for (int i = 0; i < cos.length; i++) {
                double angle = rnd.nextDouble(-100, 100);
                cos[i] = (float) Math.cos(angle);
                sin[i] = (float) Math.sin(angle);
            }
            for (int heads = 1; heads <= 20; heads++) {
                float[] a = new float[off + heads * headDim + 2];
                for (int i = 0; i < a.length; i++) a[i] = (float) rnd.nextGaussian() * 4;
                float[] b = a.clone();
                scalar.rope(a, off, heads, headDim, cos, sin, csOff);
                one.rope(b, off, heads, headDim, cos, sin, csOff);
                assertArrayEquals(a, b, "headDim=" + headDim + " heads=" + heads);
            }
        }
    }

    /** Numerators within 1e-6 relative of Math.exp's (the exp alone is checked to 2 ulp below); denormal ones may flush to 0. */
    @Test
    void softmaxNumeratorsMatchTheScalarTwin() {
        for (int length : new int[]{1, 7, 16, 17, 100, 1000}) {
            for (double spread : new double[]{1, 30, 1e4}) {   // 1e4: most numerators underflow to 0
                float[] a = new float[length];
                double centre = rnd.nextDouble(-1e4, 1e4);
                for (int p = 0; p < length; p++) a[p] = (float) (centre + rnd.nextGaussian() * spread);
                float[] b = a.clone();
                float sa = ScalarKernels.exponentiate(a, length);
                float sb = VectorSoftmax.exponentiate(b, length, new float[FloatVector.SPECIES_PREFERRED.length()]);
                String what = "length=" + length + " spread=" + spread;
                for (int p = 0; p < length; p++) assertEquals(a[p], b[p], 1e-6f * a[p] + Float.MIN_NORMAL, what);
                // both sums add positive terms, in different orders: each is within length · 2^-24 of the true sum
                assertEquals(sa, sb, (1e-6f + length * 0x1p-24f) * sa, what);
                assertTrue(sb >= 1f, what);   // the max maps to exp(0) = 1
            }
        }
    }

    @Test
    void vectorExpIsWithinTwoUlpOfMathExp() {
        var f = FloatVector.SPECIES_PREFERRED;
        float[] x = new float[f.length() * 4096], e = new float[x.length];
        for (int i = 0; i < x.length; i++) x[i] = -87f * i / x.length;
        x[1] = 0f;
        x[2] = -0f;
        for (int i = 0; i < x.length; i += f.length()) VectorSoftmax.exp(FloatVector.fromArray(f, x, i)).intoArray(e, i);
        for (int i = 0; i < x.length; i++) {
            float expected = (float) Math.exp(x[i]);
            assertEquals(expected, e[i], 2 * Math.ulp(expected), "x=" + x[i]);
        }
        assertEquals(1f, e[1]);
        assertEquals(1f, e[2]);
    }

    @Test
    void workerFailuresReachTheCaller() {
        try (WorkerPool pool = new WorkerPool(3)) {
            int[] hits = new int[3];
            pool.run((i, n) -> hits[i]++);
            assertArrayEquals(new int[]{1, 1, 1}, hits);
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> pool.run((i, n) -> {
                if (i == 2) throw new IllegalStateException("boom");
            }));
            assertEquals("boom", e.getMessage());
            pool.run((i, n) -> hits[i]++);
            assertArrayEquals(new int[]{2, 2, 2}, hits);
        }
    }

    /** The first calls run interpreted, later ones compiled: the float sums must not change with it. */
    @Test
    void resultsDoNotDependOnJitState() {
        int rows = 64, cols = 2560, n = 384;
        MemorySegment seg = MemorySegment.ofArray(new short[rows * cols]);
        for (long j = 0; j < (long) rows * cols; j++) seg.set(java.lang.foreign.ValueLayout.JAVA_SHORT, 2 * j, Floats.floatToBf16((float) rnd.nextGaussian()));
        Tensor w = new Tensor("w", DType.BF16, new long[]{rows, cols}, seg, Path.of("random"));
        // 40 scores: more than one vector of them, so the vector exp and its lane sums are exercised
        float[] x = new float[cols], norm = new float[cols], scores = new float[40];
        for (int i = 0; i < cols; i++) x[i] = (float) rnd.nextGaussian();
        java.util.Arrays.fill(norm, 1f);
        float[] first = null;
        try (VectorKernels k = new VectorKernels(1)) {
            for (int call = 0; call < n; call++) {
                float[] out = new float[rows + cols + 8 * 64];
                k.floatMatmul(w, x, 0, 1, out, 0);
                k.rmsnorm(out, rows, x, 0, norm, cols, 1e-5f);
                k.attention(x, 0, x, x, 40, 8, 1, 64, out, rows + cols, scores);
                if (first == null) first = out;
                else assertArrayEquals(first, out, "call " + call);
            }
        }
    }

    /** q/k/v and gate/up run as one task: each output equals the matrix's own product, across chunk borders. */
    @Test
    void fusedProductsEqualSeparateOnes() {
        TernaryMatrix[] ws = {randomTernary(300, 136, 0), randomTernary(40, 136, 0), randomTernary(520, 136, 0)};
        for (int tokens : new int[]{1, 17}) {
            byte[] q = new byte[tokens * 136];
            for (int i = 0; i < q.length; i++) q[i] = (byte) rnd.nextInt(-128, 128);
            float[] s = new float[tokens];
            java.util.Arrays.fill(s, 3f);
            for (VectorKernels k : new VectorKernels[]{one, three, official}) {
                float[][] outs = new float[ws.length][];
                for (int m = 0; m < ws.length; m++) outs[m] = new float[tokens * ws[m].rows()];
                k.bitlinear(ws, q, s, tokens, outs);
                for (int m = 0; m < ws.length; m++) {
                    float[] expected = new float[tokens * ws[m].rows()];
                    scalar.bitlinear(ws[m], q, s, tokens, expected);
                    assertArrayEquals(expected, outs[m], "matrix " + m + ", T=" + tokens + ", " + k.threads() + " threads");
                }
            }
        }
        TernaryMatrix[] mixed = {randomTernary(8, 136, 0), randomTernary(8, 64, 0)};
        assertThrows(IllegalArgumentException.class,
                () -> one.bitlinear(mixed, new byte[136], new float[]{1f}, 1, new float[][]{new float[8], new float[8]}));
    }
}
