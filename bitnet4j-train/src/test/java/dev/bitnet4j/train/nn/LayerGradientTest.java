package dev.bitnet4j.train.nn;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static dev.bitnet4j.train.nn.GradCheck.check;
import static dev.bitnet4j.train.nn.GradCheck.dot;
import static dev.bitnet4j.train.nn.GradCheck.random;

/** Every layer's backward pass against central finite differences of its forward pass, on tiny shapes. */
class LayerGradientTest {
    /** One thread: these shapes are far below the size at which work is shared anyway. */
    private static final Matmul THREADS = Matmul.scalar();
    private final Random rng = new Random(7);

    @AfterAll
    static void close() {
        THREADS.close();
    }

    @Test
    void rmsNorm() {
        int rows = 3, n = 8;
        float[] x = random(rng, rows * n, 1), w = random(rng, n, 1), r = random(rng, rows * n, 1);
        float[] y = new float[rows * n], rstd = new float[rows], dx = new float[rows * n], dw = new float[n];
        RmsNorm.forward(y, rstd, x, w, rows, n, 1e-5f);
        RmsNorm.backward(dx, dw, r, x, w, rstd, rows, n);
        java.util.function.DoubleSupplier loss = () -> {
            RmsNorm.forward(y, new float[rows], x, w, rows, n, 1e-5f);
            return dot(y, r);
        };
        check("rmsnorm dx", x, dx, loss);
        check("rmsnorm dw", w, dw, loss);
    }

    @Test
    void rope() {
        int rows = 10, heads = 2, headDim = 4;
        Rope rope = new Rope(headDim, 10000.0, 5);
        float[] x = random(rng, rows * heads * headDim, 1), r = random(rng, x.length, 1);
        float[] dx = r.clone();
        rope.backward(dx, rows, heads);
        check("rope dx", x, dx, () -> {
            float[] y = x.clone();
            rope.forward(y, rows, heads);
            return dot(y, r);
        });
    }

    @Test
    void attention() {
        int B = 2, T = 5, heads = 2, kvHeads = 1, hd = 4;
        Attention att = new Attention(B, T, heads, kvHeads, hd, THREADS);
        float[] q = random(rng, B * T * heads * hd, 1), k = random(rng, B * T * kvHeads * hd, 1);
        float[] v = random(rng, k.length, 1), r = random(rng, q.length, 1), out = new float[q.length];
        float[] dq = new float[q.length], dk = new float[k.length], dv = new float[v.length];
        att.forward(out, q, k, v);
        att.backward(dq, dk, dv, r, q, k, v);
        java.util.function.DoubleSupplier loss = () -> {
            att.forward(out, q, k, v);
            return dot(out, r);
        };
        check("attention dq", q, dq, loss);
        check("attention dk", k, dk, loss);
        check("attention dv", v, dv, loss);
    }

    @Test
    void reluSquaredGlu() {
        int n = 40;
        float[] gate = random(rng, n, 1), up = random(rng, n, 1), r = random(rng, n, 1), f = new float[n];
        for (int i = 0; i < n; i++) if (Math.abs(gate[i]) < 2 * GradCheck.EPS) gate[i] += 0.1f;   // keep off the kink at 0
        float[] dg = new float[n], du = new float[n];
        ReluSquaredGlu.backward(dg, du, r, gate, up, n);
        java.util.function.DoubleSupplier loss = () -> {
            ReluSquaredGlu.forward(f, gate, up, n);
            return dot(f, r);
        };
        check("relu² dgate", gate, dg, loss);
        check("relu² dup", up, du, loss);
    }

    @Test
    void embedding() {
        int vocab = 6, width = 4;
        int[] tokens = {3, 1, 3, 0, 5};
        float[] table = random(rng, vocab * width, 1), r = random(rng, tokens.length * width, 1);
        float[] x = new float[r.length], dt = new float[table.length];
        Embedding.backward(dt, r, tokens, width);
        check("embedding dtable", table, dt, () -> {
            Embedding.forward(x, tokens, table, width);
            return dot(x, r);
        });
    }

    @Test
    void crossEntropyWithMaskSumAndMean() {
        int rows = 4, vocab = 7;
        int[] targets = {2, 6, 0, 2};
        boolean[] mask = {true, false, true, true};
        for (Reduction red : Reduction.values()) {
            for (boolean[] m : new boolean[][]{null, mask}) {
                float[] logits = random(rng, rows * vocab, 2);
                float[] d = logits.clone();
                double[] logSums = new double[rows];
                CrossEntropy.forward(THREADS, d, targets, m, vocab, red, logSums);
                CrossEntropy.backward(THREADS, d, targets, m, vocab, red, logSums);
                check("cross-entropy " + red + (m == null ? "" : " masked"), logits, d,
                        () -> CrossEntropy.forward(THREADS, logits, targets, m, vocab, red, new double[rows]));
            }
        }
    }
}
