package dev.bitnet4j.train.nn;

/**
 * The input rows of one or more BitLinear layers, kept for their backward passes. Without quantization it is
 * the activations themselves; with it, each row's int8 codes (as floats) and its scale s, so that x_q = codes / s.
 * The q/k/v (and gate/up) projections share one, as in the engine.
 */
final class LinearInput {
    final int width;
    float[] values;        // [rows · width]: activations, or int8 codes
    final float[] scales;  // [rows]: s of each row when quantized
    boolean quantized;
    private final float[] codes;

    LinearInput(int rows, int width) {
        this.width = width;
        this.scales = new float[rows];
        this.codes = new float[rows * width];
    }

    /** Takes {@code x} [rows, width] as it is (kept by reference: the caller must not overwrite it before backward). */
    void setPlain(float[] x) {
        values = x;
        quantized = false;
    }

    /** Per row, exactly as the engine: s = 127 / max(max|x|, 1e-5), code = clamp(rint(x·s), −128, 127). */
    void setQuantized(float[] x, int rows) {
        values = codes;
        quantized = true;
        for (int r = 0; r < rows; r++) {
            int o = r * width;
            float amax = 0;
            for (int i = 0; i < width; i++) amax = Math.max(amax, Math.abs(x[o + i]));
            float s = 127f / Math.max(amax, 1e-5f);
            scales[r] = s;
            for (int i = 0; i < width; i++) codes[o + i] = (float) Math.clamp(Math.rint(x[o + i] * s), -128.0, 127.0);
        }
    }

    void set(float[] x, int rows, Quantization mode) {
        if (mode.quantized()) setQuantized(x, rows);
        else setPlain(x);
    }
}
