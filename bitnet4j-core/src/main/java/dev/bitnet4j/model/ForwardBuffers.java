package dev.bitnet4j.model;

/**
 * The working arrays of one forward pass, kept with the sequence's {@link KVCache} so that decoding
 * allocates nothing per token. They grow when a batch of more tokens (or a longer context) arrives.
 */
final class ForwardBuffers {
    final int tokens;
    final float[] x, norm, scales, q, k, v, att, proj, gate, up, cos, sin, logits;
    final byte[] quant;
    /** The outputs of the BitLinears that share an input, in the order of Transformer's matrix groups. */
    final float[][] qkv, gateUp;
    float[] scores;

    ForwardBuffers(ModelConfig c, int tokens, int logitRows) {
        int H = c.hiddenSize(), I = c.intermediateSize(), Q = c.qDim(), KV = c.kvDim(), half = c.headDim() / 2;
        this.tokens = tokens;
        // norm and quant hold one normed row per token of whichever input is widest: x (H), att (Q) or gate (I)
        int widest = Math.max(Math.max(H, I), Q);
        x = new float[tokens * H];
        norm = new float[tokens * widest];
        quant = new byte[tokens * widest];
        scales = new float[tokens];
        q = new float[tokens * Q];
        k = new float[tokens * KV];
        v = new float[tokens * KV];
        att = new float[tokens * Q];
        proj = new float[tokens * H];
        gate = new float[tokens * I];
        up = new float[tokens * I];
        cos = new float[tokens * half];
        sin = new float[tokens * half];
        logits = new float[logitRows * c.vocabSize()];
        scores = new float[64];
        qkv = new float[][]{q, k, v};
        gateUp = new float[][]{gate, up};
    }

    /** Buffers for T tokens with {@code logitRows} rows of logits: these, or bigger new ones. */
    static ForwardBuffers ensure(ForwardBuffers b, ModelConfig c, int tokens, int logitRows) {
        if (b != null && b.tokens >= tokens && b.logits.length >= logitRows * c.vocabSize()) return b;
        int t = b == null ? tokens : Math.max(tokens, b.tokens);
        int rows = b == null ? logitRows : Math.max(logitRows, b.logits.length / c.vocabSize());
        return new ForwardBuffers(c, t, rows);
    }

    float[] scores(int length) {
        if (scores.length < length) scores = new float[Math.max(length, 2 * scores.length)];
        return scores;
    }
}
