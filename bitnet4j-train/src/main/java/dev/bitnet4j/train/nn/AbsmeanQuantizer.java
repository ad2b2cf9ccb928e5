package dev.bitnet4j.train.nn;

import dev.bitnet4j.kernels.SpecMath;

/**
 * The ternary quantization of BitLinear weights, per tensor, exactly as quantize-on-load (spec §2):
 * inv = 1 / max(mean|W|, 1e-5) in float32 (the mean summed in double), t = clamp(rint(W·inv), −1, 1).
 * The training forward pass and the exporter both use it, so an exported model holds the trainer's t.
 */
public final class AbsmeanQuantizer {
    private AbsmeanQuantizer() {}

    /** Writes t (as −1, 0, +1) into {@code t} and returns the weight scale 1/inv. */
    public static float quantize(float[] w, float[] t) {
        double sum = 0;
        for (float v : w) sum += Math.abs(v);
        float inv = SpecMath.absmeanInverse(sum, w.length);
        for (int i = 0; i < w.length; i++) t[i] = SpecMath.ternary(w[i], inv);
        return 1f / inv;
    }
}
