package dev.bitnet4j.train.nn;

import dev.bitnet4j.kernels.ScalarKernels;

import java.util.Arrays;

/**
 * Causal grouped-query attention over a batch of B sequences of T tokens: query head h of the token at
 * position t attends to positions 0..t of its own sequence through KV head h / (heads / kvHeads), with scores
 * q·k / sqrt(headDim) and a float32 softmax, computed as the engine's scalar attention. The forward pass keeps
 * the attention weights [B, heads, T, T] for backward.
 */
final class Attention {
    private final int B, T, heads, kvHeads, headDim;
    private final float scale;
    private final float[] probs;
    private final Matmul threads;

    Attention(int batch, int seqLen, int heads, int kvHeads, int headDim, Matmul threads) {
        this(batch, seqLen, heads, kvHeads, headDim, threads, new float[batch * heads * seqLen * seqLen]);
    }

    /** With {@code probs} [B, heads, T, T] for the attention weights. */
    Attention(int batch, int seqLen, int heads, int kvHeads, int headDim, Matmul threads, float[] probs) {
        this.B = batch;
        this.T = seqLen;
        this.heads = heads;
        this.kvHeads = kvHeads;
        this.headDim = headDim;
        this.scale = (float) (1.0 / Math.sqrt(headDim));
        this.probs = probs;
        this.threads = threads;
    }

    /** out [B·T, heads·headDim] from q [B·T, heads·headDim] and k, v [B·T, kvHeads·headDim]. */
    void forward(float[] out, float[] q, float[] k, float[] v) {
        threads.parallel(B * heads, (long) T * T * headDim, (from, to) -> {
            for (int bh = from; bh < to; bh++) forward(bh / heads, bh % heads, out, q, k, v);
        });
    }

    /** Query head h of sequence b, every position. */
    private void forward(int b, int h, float[] out, float[] q, float[] k, float[] v) {
        int qDim = heads * headDim, kvDim = kvHeads * headDim, group = heads / kvHeads;
        int kvOff = (h / group) * headDim;
        for (int t = 0; t < T; t++) {
            int qo = (b * T + t) * qDim + h * headDim, a = ((b * heads + h) * T + t) * T;
            float max = Float.NEGATIVE_INFINITY;
            for (int p = 0; p <= t; p++) {
                int ko = (b * T + p) * kvDim + kvOff;
                float dot = 0;
                for (int i = 0; i < headDim; i++) dot += q[qo + i] * k[ko + i];
                probs[a + p] = dot * scale;
                max = Math.max(max, probs[a + p]);
            }
            float sum = ScalarKernels.exponentiate(probs, a, a + t + 1, max);
            for (int i = 0; i < headDim; i++) out[qo + i] = 0;
            for (int p = 0; p <= t; p++) {
                probs[a + p] /= sum;
                int vo = (b * T + p) * kvDim + kvOff;
                for (int i = 0; i < headDim; i++) out[qo + i] += probs[a + p] * v[vo + i];
            }
        }
    }

    /**
     * Gradients of q, k, v (overwritten) from dout, with q, k, v the inputs of the last forward pass. With
     * weights a = softmax(s): dv_p += a_p·dout, da_p = dout·v_p, ds_p = a_p·(da_p − Σ a·da), dq += ds_p·scale·k_p,
     * dk_p += ds_p·scale·q.
     */
    void backward(float[] dq, float[] dk, float[] dv, float[] dout, float[] q, float[] k, float[] v) {
        Arrays.fill(dq, 0, B * T * heads * headDim, 0f);
        Arrays.fill(dk, 0, B * T * kvHeads * headDim, 0f);
        Arrays.fill(dv, 0, B * T * kvHeads * headDim, 0f);
        // one share per (sequence, KV head): the query heads of a group all add into that KV head's dk and dv
        threads.parallel(B * kvHeads, (long) (heads / kvHeads) * T * T * headDim, (from, to) -> {
            float[] dProbs = new float[T];
            for (int bg = from; bg < to; bg++) backward(bg / kvHeads, bg % kvHeads, dProbs, dq, dk, dv, dout, q, k, v);
        });
    }

    /** The query heads of KV head g in sequence b. */
    private void backward(int b, int g, float[] dProbs, float[] dq, float[] dk, float[] dv, float[] dout,
                          float[] q, float[] k, float[] v) {
        int qDim = heads * headDim, kvDim = kvHeads * headDim, group = heads / kvHeads;
        for (int h = g * group; h < (g + 1) * group; h++) {
            int kvOff = (h / group) * headDim;
            for (int t = 0; t < T; t++) {
                int qo = (b * T + t) * qDim + h * headDim, a = ((b * heads + h) * T + t) * T;
                float weighted = 0;
                for (int p = 0; p <= t; p++) {
                    int vo = (b * T + p) * kvDim + kvOff;
                    float d = 0;
                    for (int i = 0; i < headDim; i++) {
                        d += dout[qo + i] * v[vo + i];
                        dv[vo + i] += probs[a + p] * dout[qo + i];
                    }
                    dProbs[p] = d;
                    weighted += probs[a + p] * d;
                }
                for (int p = 0; p <= t; p++) {
                    float ds = probs[a + p] * (dProbs[p] - weighted) * scale;
                    int ko = (b * T + p) * kvDim + kvOff;
                    for (int i = 0; i < headDim; i++) {
                        dq[qo + i] += ds * k[ko + i];
                        dk[ko + i] += ds * q[qo + i];
                    }
                }
            }
        }
    }
}
