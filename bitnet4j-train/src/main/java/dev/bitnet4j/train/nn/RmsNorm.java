package dev.bitnet4j.train.nn;

import dev.bitnet4j.kernels.SpecMath;

/** y = x / sqrt(mean(x²) + eps) ⊙ w over each row of n numbers, computed as the engine's scalar rmsnorm. */
final class RmsNorm {
    private RmsNorm() {}

    /** y [rows, n] from x; keeps each row's 1/rms in {@code rstd} for backward. */
    static void forward(float[] y, float[] rstd, float[] x, float[] w, int rows, int n, float eps) {
        for (int r = 0; r < rows; r++) {
            int o = r * n;
            float ss = 0;
            for (int i = 0; i < n; i++) ss += x[o + i] * x[o + i];
            float inv = SpecMath.rmsInverse(ss, n, eps);
            rstd[r] = inv;
            for (int i = 0; i < n; i++) y[o + i] = x[o + i] * inv * w[i];
        }
    }

    /**
     * dx += r·(w⊙dy) − x·r³/n·Σ(w⊙dy⊙x), since d r / d x_i = −r³·x_i / n; dw += Σ_rows dy⊙x·r.
     */
    static void backward(float[] dx, float[] dw, float[] dy, float[] x, float[] w, float[] rstd, int rows, int n) {
        for (int r = 0; r < rows; r++) {
            int o = r * n;
            float inv = rstd[r];
            double dot = 0;
            for (int i = 0; i < n; i++) dot += (double) w[i] * dy[o + i] * x[o + i];
            float c = (float) (dot * inv * inv * inv / n);
            for (int i = 0; i < n; i++) {
                dx[o + i] += inv * w[i] * dy[o + i] - c * x[o + i];
                dw[i] += dy[o + i] * x[o + i] * inv;
            }
        }
    }
}
