package dev.bitnet4j.train.nn;

import dev.bitnet4j.kernels.SpecMath;

/**
 * The input rows of one or more BitLinear layers, kept for their backward passes. Without quantization it is
 * the activations themselves; with it, each row's int8 codes (as floats) and its scale s, so that x_q = codes / s.
 * The q/k/v (and gate/up) projections share one, as in the engine.
 */
final class LinearInput {
    final int width;
    float[] values;        // [rows · width]: activations, or int8 codes
    final float[] scales;  // [rows]: s of each row when quantized
    private float[] codes; // allocated on first use: a full-precision model never needs it

    LinearInput(int rows, int width) {
        this.width = width;
        this.scales = new float[rows];
    }

    /** Takes {@code x} [rows, width] as it is (kept by reference: the caller must not overwrite it before backward). */
    void setPlain(float[] x) {
        values = x;
    }

    /** Per row, exactly as the engine: s = 127 / max(max|x|, 1e-5), code = clamp(rint(x·s), −128, 127). */
    void setQuantized(float[] x, int rows) {
        if (codes == null) codes = new float[scales.length * width];
        values = codes;
        for (int r = 0; r < rows; r++) {
            int o = r * width;
            float amax = 0;
            for (int i = 0; i < width; i++) amax = Math.max(amax, Math.abs(x[o + i]));
            float s = SpecMath.activationScale(amax);
            scales[r] = s;
            for (int i = 0; i < width; i++) codes[o + i] = SpecMath.int8(x[o + i], s);
        }
    }

    void set(float[] x, int rows, Quantization mode) {
        if (mode.quantized()) setQuantized(x, rows);
        else setPlain(x);
    }
}
