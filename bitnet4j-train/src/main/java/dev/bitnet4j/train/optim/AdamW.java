package dev.bitnet4j.train.optim;

import dev.bitnet4j.train.nn.Param;
import dev.bitnet4j.train.nn.Params;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * AdamW (Loshchilov and Hutter; PyTorch's torch.optim.AdamW) with β1 0.9, β2 0.95, ε 1e-8. Step t (1-based),
 * learning rate lr, weight decay wd, for each number p of each parameter with gradient g:
 * <pre>
 *   p ← p·(1 − lr·wd)                  (decoupled decay: LINEAR and EMBEDDING weights only, never norms)
 *   m ← β1·m + (1 − β1)·g
 *   v ← β2·v + (1 − β2)·g²
 *   p ← p − lr · (m / (1 − β1^t)) / (√(v / (1 − β2^t)) + ε)
 * </pre>
 * The state (m, v per parameter and t) is what a checkpoint must keep to resume exactly.
 */
public final class AdamW {
    public static final float BETA1 = 0.9f, BETA2 = 0.95f, EPS = 1e-8f;

    private final Params params;
    private final Map<String, float[]> m = new LinkedHashMap<>(), v = new LinkedHashMap<>();
    private long t;

    /** A fresh optimizer: m = v = 0, no step taken. */
    public AdamW(Params params) {
        this.params = params;
        for (Param p : params.all()) {
            m.put(p.name(), new float[p.size()]);
            v.put(p.name(), new float[p.size()]);
        }
    }

    /** Applies one update from the gradients in {@link Param#grad()}. */
    public void step(double lr, double weightDecay) {
        t++;
        // Bias corrections in double: 1 − 0.95^t is tiny for small t and float would lose digits.
        float c1 = (float) (1 / (1 - Math.pow(BETA1, t))), c2 = (float) (1 / (1 - Math.pow(BETA2, t)));
        for (Param p : params.all()) {
            float decay = p.kind() == Param.Kind.NORM ? 1f : (float) (1 - lr * weightDecay);
            update(p.value(), p.grad(), m.get(p.name()), v.get(p.name()), (float) lr, decay, c1, c2);
        }
    }

    private static void update(float[] w, float[] g, float[] m, float[] v, float lr, float decay, float c1, float c2) {
        for (int i = 0; i < w.length; i++) {
            m[i] = BETA1 * m[i] + (1 - BETA1) * g[i];
            v[i] = BETA2 * v[i] + (1 - BETA2) * g[i] * g[i];
            w[i] = w[i] * decay - lr * (m[i] * c1) / ((float) Math.sqrt(v[i] * c2) + EPS);
        }
    }

    /** The number of steps taken (t). */
    public long steps() {
        return t;
    }

    /** The first moment of parameter {@code name} (live: a checkpoint reads it, a resume fills it). */
    public float[] firstMoment(String name) {
        return state(m, name);
    }

    /** The second moment of parameter {@code name} (live). */
    public float[] secondMoment(String name) {
        return state(v, name);
    }

    /** Sets the step count, for a resume; the moments are filled through {@link #firstMoment}/{@link #secondMoment}. */
    public void restoreSteps(long steps) {
        if (steps < 0) throw new IllegalArgumentException("steps " + steps);
        t = steps;
    }

    private static float[] state(Map<String, float[]> s, String name) {
        float[] a = s.get(name);
        if (a == null) throw new IllegalArgumentException("no parameter named " + name);
        return a;
    }
}
