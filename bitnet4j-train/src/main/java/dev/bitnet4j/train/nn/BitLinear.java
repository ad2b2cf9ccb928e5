package dev.bitnet4j.train.nn;

import dev.bitnet4j.tensor.Floats;

/**
 * A BitLinear layer y = x·Wᵀ (no bias) over the latent weights W [out, in]. Quantized, the weights become
 * t · scale with t ternary (absmean, per tensor) and the input x_q = codes / s (see {@link LinearInput}), and
 * y = (codes·tᵀ) / s · scale: the integer sum is exact in float32 (|sum| ≤ 128·in < 2²⁴), and the
 * division and multiplication are the engine's, in its order, so the forward pass is the engine's to the bit.
 * Backward is straight-through: dL/dW = dL/dW_q = dyᵀ·x_q and dL/dx = dL/dx_q = dy·W_q.
 */
final class BitLinear {
    private final Param weight;
    private final int in, out;
    private final Quantization mode;
    private final Matmul matmul;
    private final float[] ternary;   // t of the last forward pass, as floats
    private final float[] scratch;   // dy scaled, [rows, out]
    private float scale;
    private LinearInput input;
    private int rows;

    BitLinear(Param weight, Quantization mode, Matmul matmul, int maxRows) {
        this.weight = weight;
        this.out = weight.shape()[0];
        this.in = weight.shape()[1];
        this.mode = mode;
        this.matmul = matmul;
        this.ternary = mode.quantized() ? new float[out * in] : null;
        this.scratch = new float[maxRows * out];
    }

    /** y [rows, out] from x (kept for backward). */
    void forward(LinearInput x, int rows, float[] y) {
        this.input = x;
        this.rows = rows;
        if (!mode.quantized()) {
            matmul.forward(y, x.values, weight.value(), rows, in, out);
            return;
        }
        scale = AbsmeanQuantizer.quantize(weight.value(), ternary);
        if (mode == Quantization.TERNARY_BF16_SCALE) scale = Floats.bf16ToFloat(Floats.floatToBf16(scale));
        matmul.forward(y, x.values, ternary, rows, in, out);
        for (int r = 0; r < rows; r++) {
            float s = x.scales[r];
            for (int n = 0; n < out; n++) y[r * out + n] = y[r * out + n] / s * scale;
        }
    }

    /** Adds dL/dW to the weight's gradient and dL/dx to {@code dx} [rows, in], given dy [rows, out]. */
    void backward(float[] dy, float[] dx) {
        if (!mode.quantized()) {
            matmul.backwardInput(dx, dy, weight.value(), rows, in, out);
            matmul.backwardWeight(weight.grad(), dy, input.values, rows, in, out);
            return;
        }
        int n = rows * out;
        for (int i = 0; i < n; i++) scratch[i] = dy[i] * scale;                  // dy·(t·scale) = (dy·scale)·t
        matmul.backwardInput(dx, scratch, ternary, rows, in, out);
        for (int i = 0; i < n; i++) scratch[i] = dy[i] / input.scales[i / out];  // dyᵀ·(codes/s) = (dy/s)ᵀ·codes
        matmul.backwardWeight(weight.grad(), scratch, input.values, rows, in, out);
    }

    /** The effective weights of the last forward pass: t·scale, or W itself without quantization (for tests). */
    float[] effectiveWeights() {
        if (!mode.quantized()) return weight.value().clone();
        float[] w = new float[ternary.length];
        for (int i = 0; i < w.length; i++) w[i] = ternary[i] * scale;
        return w;
    }
}
