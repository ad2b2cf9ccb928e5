package dev.bitnet4j.train.nn;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.util.Random;
import java.util.function.DoubleSupplier;

import static dev.bitnet4j.train.nn.GradCheck.check;
import static dev.bitnet4j.train.nn.GradCheck.dot;
import static dev.bitnet4j.train.nn.GradCheck.random;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** BitLinear: full precision against finite differences; quantized, its forward and its straight-through backward. */
class BitLinearTest {
    private static final Matmul MM = Matmul.vector(2);
    private static final int ROWS = 5, IN = 12, OUT = 8;
    private final Random rng = new Random(11);

    @AfterAll
    static void close() {
        MM.close();
    }

    @Test
    void fullPrecisionGradientsMatchFiniteDifferences() {
        Param w = param(random(rng, OUT * IN, 0.5));
        float[] x = random(rng, ROWS * IN, 1), r = random(rng, ROWS * OUT, 1), y = new float[ROWS * OUT];
        BitLinear layer = new BitLinear(w, Quantization.NONE, MM, ROWS);
        LinearInput in = new LinearInput(ROWS, IN);
        in.setPlain(x);
        layer.forward(in, ROWS, y);
        float[] dx = new float[x.length];
        layer.backward(r, dx);
        DoubleSupplier loss = () -> {
            layer.forward(in, ROWS, y);
            return dot(y, r);
        };
        check("bitlinear dx", x, dx, loss);
        check("bitlinear dW", w.value(), w.grad(), loss);
    }

    @Test
    void ternaryForwardIsTheQuantizedProduct() {
        float[] latent = random(rng, OUT * IN, 0.5), x = random(rng, ROWS * IN, 1), y = new float[ROWS * OUT];
        BitLinear layer = new BitLinear(param(latent), Quantization.TERNARY, MM, ROWS);
        LinearInput in = new LinearInput(ROWS, IN);
        in.setQuantized(x, ROWS);
        layer.forward(in, ROWS, y);
        double meanAbs = 0;
        for (float v : latent) meanAbs += Math.abs(v) / latent.length;
        float[] wq = layer.effectiveWeights();
        for (int i = 0; i < wq.length; i++) {
            double t = Math.clamp(Math.rint(latent[i] / meanAbs), -1, 1);
            assertEquals(t * meanAbs, wq[i], 1e-6 * meanAbs, "weight " + i);
        }
        for (int r = 0; r < ROWS; r++) {
            float amax = 0;
            for (int i = 0; i < IN; i++) amax = Math.max(amax, Math.abs(x[r * IN + i]));
            for (int n = 0; n < OUT; n++) {
                double expect = 0;
                for (int i = 0; i < IN; i++) {
                    double xq = Math.clamp(Math.rint(x[r * IN + i] * (127 / amax)), -128, 127) / (127 / amax);
                    expect += xq * wq[n * IN + i];
                }
                assertEquals(expect, y[r * OUT + n], 1e-5, "row " + r + " out " + n);
            }
        }
    }

    /**
     * Straight-through means: the quantized layer's gradients are those of a full-precision layer evaluated at
     * the quantized weights W_q and inputs x_q. Equal up to float rounding (the two add in other orders).
     */
    @Test
    void ternaryGradientsAreTheFullPrecisionGradientsAtTheQuantizedPoint() {
        float[] latent = random(rng, OUT * IN, 0.5), x = random(rng, ROWS * IN, 1), dy = random(rng, ROWS * OUT, 1);
        Param w = param(latent);
        BitLinear ternary = new BitLinear(w, Quantization.TERNARY, MM, ROWS);
        LinearInput in = new LinearInput(ROWS, IN);
        in.setQuantized(x, ROWS);
        float[] y = new float[ROWS * OUT], dx = new float[x.length];
        ternary.forward(in, ROWS, y);
        ternary.backward(dy, dx);

        float[] xq = new float[x.length];
        for (int i = 0; i < xq.length; i++) xq[i] = in.values[i] / in.scales[i / IN];
        Param wq = param(ternary.effectiveWeights());
        BitLinear plain = new BitLinear(wq, Quantization.NONE, MM, ROWS);
        LinearInput plainIn = new LinearInput(ROWS, IN);
        plainIn.setPlain(xq);
        float[] y2 = new float[y.length], dx2 = new float[x.length];
        plain.forward(plainIn, ROWS, y2);
        plain.backward(dy, dx2);

        assertClose("y", y2, y);
        assertClose("dx", dx2, dx);
        assertClose("dW", wq.grad(), w.grad());
        boolean moved = false;   // and the quantized point really differs from the latent one
        for (int i = 0; i < latent.length; i++) moved |= wq.value()[i] != latent[i];
        assertTrue(moved);
    }

    private static void assertClose(String what, float[] expect, float[] actual) {
        double scale = 0;
        for (float v : expect) scale = Math.max(scale, Math.abs(v));
        for (int i = 0; i < expect.length; i++) assertEquals(expect[i], actual[i], 1e-6 * scale, what + " " + i);
    }

    private static Param param(float[] values) {
        Param p = new Param("w", Param.Kind.LINEAR, OUT, IN);
        System.arraycopy(values, 0, p.value(), 0, values.length);
        return p;
    }
}
