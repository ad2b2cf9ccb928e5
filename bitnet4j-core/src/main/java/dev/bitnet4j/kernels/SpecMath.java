package dev.bitnet4j.kernels;

/**
 * The spec's scalar rounding rules (§2 quantization, §3 norm) in one place, so that the engine's kernels, its
 * quantize-on-load, and the trainer's forward pass round exactly alike: a trained model then runs in the engine
 * with the very ternary weights and int8 codes it was trained with.
 */
public final class SpecMath {
    private SpecMath() {}

    /** Spec §2, weights: inv = 1 / max(mean|W|, 1e-5) in float32, the mean taken from a double sum of |W|. */
    public static float absmeanInverse(double sumOfAbs, long count) {
        float mean = (float) (sumOfAbs / count);
        return 1f / Math.max(mean, 1e-5f);
    }

    /** Spec §2: a weight's ternary value, clamp(rint(w · inv), −1, 1). */
    public static int ternary(float w, float inv) {
        return (int) Math.clamp(Math.rint(w * inv), -1.0, 1.0);
    }

    /** Spec §2, activations: a token's scale s = 127 / max(max|x|, 1e-5). */
    public static float activationScale(float absMax) {
        return 127f / Math.max(absMax, 1e-5f);
    }

    /** Spec §2: an activation's int8 code, clamp(rint(x · s), −128, 127). */
    public static int int8(float x, float s) {
        return (int) Math.clamp(Math.rint(x * s), -128.0, 127.0);
    }

    /** Spec §3: RMSNorm's 1 / sqrt(mean(x²) + eps), from the float sum of squares. */
    public static float rmsInverse(float sumOfSquares, int n, float eps) {
        return (float) (1.0 / Math.sqrt(sumOfSquares / n + eps));
    }
}
