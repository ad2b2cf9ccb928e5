package dev.bitnet4j.train.nn;

/** The feed-forward gate: f = relu(gate)² ⊙ up, elementwise. */
final class ReluSquaredGlu {
    private ReluSquaredGlu() {}

    static void forward(float[] f, float[] gate, float[] up, int n) {
        for (int i = 0; i < n; i++) {
            float g = Math.max(gate[i], 0f);
            f[i] = g * g * up[i];
        }
    }

    /** dgate = 2·relu(gate)·up·df, dup = relu(gate)²·df (overwritten, not added). */
    static void backward(float[] dgate, float[] dup, float[] df, float[] gate, float[] up, int n) {
        for (int i = 0; i < n; i++) {
            float g = Math.max(gate[i], 0f);
            dgate[i] = 2 * g * up[i] * df[i];
            dup[i] = g * g * df[i];
        }
    }
}
