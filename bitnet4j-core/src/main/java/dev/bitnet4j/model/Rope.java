package dev.bitnet4j.model;

/**
 * RoPE angles for one position: inv_freq[i] = 1 / theta^(2i/d), angle = pos · inv_freq[i] (in double), rounded
 * once to float. The engine and the trainer both take their tables from here.
 */
public final class Rope {
    private final double[] invFreq;

    public Rope(int headDim, double theta) {
        invFreq = new double[headDim / 2];
        for (int i = 0; i < invFreq.length; i++) invFreq[i] = 1.0 / Math.pow(theta, (2.0 * i) / headDim);
    }

    /** cos and sin of the angles of position {@code pos}, headDim / 2 of each, written from {@code off}. */
    public void angles(int pos, float[] cos, float[] sin, int off) {
        for (int i = 0; i < invFreq.length; i++) {
            double a = pos * invFreq[i];
            cos[off + i] = (float) Math.cos(a);
            sin[off + i] = (float) Math.sin(a);
        }
    }
}
