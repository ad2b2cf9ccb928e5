package dev.bitnet4j.train.nn;

import dev.bitnet4j.model.ModelConfig;

/**
 * Working arrays that a transformer block needs only while it runs, shared by all blocks (one runs at a time):
 * the output of a projection into the residual stream, and the gradients inside a block during backward.
 */
final class Scratch {
    final float[] proj;                   // [R, H] o_proj / down_proj output
    final float[] dNormH, dNormQ, dAtt;   // [R, H], [R, Q], [R, Q]
    final float[] dq, dk, dv;             // [R, Q], [R, KV], [R, KV]
    final float[] dNormI, dF, dGate, dUp; // [R, I]

    Scratch(ModelConfig c, int rows) {
        int h = c.hiddenSize(), q = c.qDim(), kv = c.kvDim(), inter = c.intermediateSize();
        proj = new float[rows * h];
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
    }
}
