package dev.bitnet4j.train.nn;

import dev.bitnet4j.kernels.ScalarKernels;

/**
 * Rotary position embedding in the "rotate half" layout (spec §3): per head, element i pairs with i + d/2 and
 * turns by pos · theta^(−2i/d). Angles and rotation are the engine's ({@link dev.bitnet4j.model.Rope},
 * {@link ScalarKernels#rotateHalf}), and row r of a batch of sequences of length T sits at position r mod T.
 */
final class Rope {
    private final int half, seqLen;
    private final float[] cos, sin, minusSin;   // [seqLen, half]

    Rope(int headDim, double theta, int seqLen) {
        this.half = headDim / 2;
        this.seqLen = seqLen;
        cos = new float[seqLen * half];
        sin = new float[seqLen * half];
        minusSin = new float[seqLen * half];
        dev.bitnet4j.model.Rope angles = new dev.bitnet4j.model.Rope(headDim, theta);
        for (int pos = 0; pos < seqLen; pos++) angles.angles(pos, cos, sin, pos * half);
        for (int i = 0; i < sin.length; i++) minusSin[i] = -sin[i];
    }

    /** Rotates every head of x [rows, heads·headDim] in place. */
    void forward(float[] x, int rows, int heads) {
        rotate(x, rows, heads, sin);
    }

    /** The gradient through {@link #forward}: the transposed rotation (by −angle), in place on dx. */
    void backward(float[] dx, int rows, int heads) {
        rotate(dx, rows, heads, minusSin);
    }

    private void rotate(float[] x, int rows, int heads, float[] sines) {
        int width = heads * 2 * half;
        for (int r = 0; r < rows; r++) {
            int cs = (r % seqLen) * half;
            for (int h = 0; h < heads; h++) ScalarKernels.rotateHalf(x, r * width + h * 2 * half, half, cos, sines, cs, 0);
        }
    }
}
