package dev.bitnet4j.train.nn;

import dev.bitnet4j.model.ModelConfig;

/**
 * What a block's forward pass writes and its backward pass reads, over R = B·T rows. A trained model has one
 * set per layer; a forward-only model ({@link TrainModel#frozen}) lets all its layers share one, since each
 * layer's set is dead once the next layer has run: about L times less activation memory.
 */
final class Activations {
    final float[] xIn, n1, rstd1, q, k, v, att, n2, rstd2, xMid, n3, rstd3, gate, up, f, n4, rstd4;
    final float[] probs;   // attention weights [B, heads, T, T]
    final LinearInput in1, in2, in3, in4;

    Activations(ModelConfig c, int batch, int seqLen) {
        int r = batch * seqLen, h = c.hiddenSize(), q = c.qDim(), kv = c.kvDim(), inter = c.intermediateSize();
        xIn = new float[r * h];
        n1 = new float[r * h];
        rstd1 = new float[r];
        this.q = new float[r * q];
        k = new float[r * kv];
        v = new float[r * kv];
        att = new float[r * q];
        n2 = new float[r * q];
        rstd2 = new float[r];
        xMid = new float[r * h];
        n3 = new float[r * h];
        rstd3 = new float[r];
        gate = new float[r * inter];
        up = new float[r * inter];
        f = new float[r * inter];
        n4 = new float[r * inter];
        rstd4 = new float[r];
        probs = new float[batch * c.numHeads() * seqLen * seqLen];
        in1 = new LinearInput(r, h);
        in2 = new LinearInput(r, q);
        in3 = new LinearInput(r, h);
        in4 = new LinearInput(r, inter);
    }
}
