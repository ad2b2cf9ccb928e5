package dev.bitnet4j.train.optim;

import dev.bitnet4j.train.nn.Param;
import dev.bitnet4j.train.nn.Params;

/** Gradient clipping by the global L2 norm over every parameter (torch.nn.utils.clip_grad_norm_). */
public final class GradientClip {
    private GradientClip() {}

    /** The L2 norm of all gradients together, summed in double so the order of millions of squares does not matter. */
    public static double norm(Params params) {
        double sum = 0;
        for (Param p : params.all()) for (float g : p.grad()) sum += (double) g * g;
        return Math.sqrt(sum);
    }

    /**
     * Scales every gradient by {@code maxNorm / norm} when the global norm exceeds {@code maxNorm} (none when
     * maxNorm ≤ 0 or is infinite). Returns the norm before clipping, the number worth logging.
     */
    public static double clip(Params params, double maxNorm) {
        double norm = norm(params);
        if (maxNorm > 0 && norm > maxNorm) scale(params, (float) (maxNorm / norm));
        return norm;
    }

    /** Multiplies every gradient by {@code factor} (e.g. 1/accumulation steps). */
    public static void scale(Params params, float factor) {
        for (Param p : params.all()) {
            float[] g = p.grad();
            for (int i = 0; i < g.length; i++) g[i] *= factor;
        }
    }
}
