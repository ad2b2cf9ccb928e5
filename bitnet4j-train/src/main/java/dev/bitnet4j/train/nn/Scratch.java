package dev.bitnet4j.train.nn;

import dev.bitnet4j.model.ModelConfig;

/**
 * Working arrays that a transformer block needs only while it runs, shared by all blocks (one runs at a time):
 * the output of a projection into the residual stream, and the gradients inside a block during backward.
 * Memory for these is paid once per model, not per layer, and the gradients not at all by a forward-only model.
 */
final class Scratch {
    final float[] proj;                   // [R, H] o_proj / down_proj output
    final float[] dNormH, dNormQ, dAtt;   // [R, H], [R, Q], [R, Q]
    final float[] dq, dk, dv;             // [R, Q], [R, KV], [R, KV]
    final float[] dNormI, dF, dGate, dUp; // [R, I]
    final float[] dyScaled;               // [R, max(H, Q, I)]: a quantized BitLinear's scaled output gradient

    Scratch(ModelConfig c, int rows, boolean backward) {
        int h = c.hiddenSize(), q = c.qDim(), kv = c.kvDim(), inter = c.intermediateSize();
        proj = new float[rows * h];
        if (!backward) rows = 0;   // the gradient arrays stay empty
        dNormH = new float[rows * h];
        dNormQ = new float[rows * q];
        dAtt = new float[rows * q];
        dq = new float[rows * q];
        dk = new float[rows * kv];
        dv = new float[rows * kv];
        dNormI = new float[rows * inter];
        dF = new float[rows * inter];
        dGate = new float[rows * inter];
        dUp = new float[rows * inter];
        dyScaled = new float[rows * Math.max(h, Math.max(q, inter))];
    }
}
