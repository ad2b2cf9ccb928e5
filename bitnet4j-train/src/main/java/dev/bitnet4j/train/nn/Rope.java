package dev.bitnet4j.train.nn;

/**
 * Rotary position embedding in the "rotate half" layout (spec §3): per head, element i pairs with i + d/2 and
 * turns by pos · theta^(−2i/d). The angles are the engine's (computed in double, rounded once to float), and
 * row r of a batch of sequences of length T sits at position r mod T.
 */
final class Rope {
    private final int half, seqLen;
    private final float[] cos, sin;   // [seqLen, half]

    Rope(int headDim, double theta, int seqLen) {
        this.half = headDim / 2;
        this.seqLen = seqLen;
        cos = new float[seqLen * half];
        sin = new float[seqLen * half];
        for (int i = 0; i < half; i++) {
            double invFreq = 1.0 / Math.pow(theta, (2.0 * i) / headDim);
            for (int pos = 0; pos < seqLen; pos++) {
                double a = pos * invFreq;
                cos[pos * half + i] = (float) Math.cos(a);
                sin[pos * half + i] = (float) Math.sin(a);
            }
        }
    }

    /** Rotates every head of x [rows, heads·headDim] in place. */
    void forward(float[] x, int rows, int heads) {
        rotate(x, rows, heads, 1f);
    }

    /** The gradient through {@link #forward}: the transposed rotation (by −angle), in place on dx. */
    void backward(float[] dx, int rows, int heads) {
        rotate(dx, rows, heads, -1f);
    }

    private void rotate(float[] x, int rows, int heads, float sign) {
        int width = heads * 2 * half;
        for (int r = 0; r < rows; r++) {
            int cs = (r % seqLen) * half;
            for (int h = 0; h < heads; h++) {
                int base = r * width + h * 2 * half;
                for (int i = 0; i < half; i++) {
                    float a = x[base + i], b = x[base + i + half];
                    float c = cos[cs + i], s = sign * sin[cs + i];
                    x[base + i] = a * c - b * s;
                    x[base + i + half] = b * c + a * s;
                }
            }
        }
    }
}
