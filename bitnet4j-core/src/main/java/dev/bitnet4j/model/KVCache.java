package dev.bitnet4j.model;

import java.util.Arrays;

/**
 * Keys and values of every position seen so far, per layer, as [position][kvHeads · headDim] float32.
 * Grows on demand up to the context size, so a short conversation does not pay for a long context.
 */
public final class KVCache {
    private final int kvDim;
    private final int contextSize;
    private final float[][] keys;
    private final float[][] values;
    private int capacity;
    private ForwardBuffers buffers;
    private int length;

    public KVCache(ModelConfig c, int contextSize) {
        this.kvDim = c.kvDim();
        this.contextSize = contextSize;
        this.keys = new float[c.numLayers()][];
        this.values = new float[c.numLayers()][];
        this.capacity = Math.min(contextSize, 64);
        for (int l = 0; l < keys.length; l++) {
            keys[l] = new float[capacity * kvDim];
            values[l] = new float[capacity * kvDim];
        }
    }

    /** Positions held. The next token goes at this position. */
    public int length() {
        return length;
    }

    public int contextSize() {
        return contextSize;
    }

    /** Makes room for positions up to {@code newLength} (exclusive); the caller checked the context. */
    void ensure(int newLength) {
        if (newLength <= capacity) return;
        int cap = Math.min(contextSize, Math.max(newLength, capacity * 2));
        for (int l = 0; l < keys.length; l++) {
            keys[l] = Arrays.copyOf(keys[l], cap * kvDim);
            values[l] = Arrays.copyOf(values[l], cap * kvDim);
        }
        capacity = cap;
    }

    ForwardBuffers buffers(ModelConfig c, int tokens, int logitRows) {
        return buffers = ForwardBuffers.ensure(buffers, c, tokens, logitRows);
    }

    float[] keys(int layer) {
        return keys[layer];
    }

    float[] values(int layer) {
        return values[layer];
    }

    void setLength(int length) {
        this.length = length;
    }

    /** Forgets positions from {@code length} on (e.g. to start over or to reuse a shared prefix). */
    public void truncate(int length) {
        if (length < 0 || length > this.length) throw new IllegalArgumentException("cannot truncate to " + length);
        this.length = length;
    }
}
