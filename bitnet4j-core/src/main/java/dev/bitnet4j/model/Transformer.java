package dev.bitnet4j.model;

import dev.bitnet4j.BitNetException;
import dev.bitnet4j.kernels.Kernels;

/**
 * The forward pass of spec §3 over a batch of consecutive positions. A prompt goes through in one
 * call (every layer sees all its tokens at once, so weights are read once per layer, not per token);
 * decoding calls it with one token. Keys and values go to the {@link KVCache}.
 */
public final class Transformer {

    /** Receives the residual stream after each layer (for tests and debugging). */
    public interface LayerTap {
        void afterLayer(int layer, float[] x, int tokens);
    }

    private final ModelConfig c;
    private final BitNetWeights w;
    private final Kernels k;
    private final Rope rope;
    private final Q8Matrix q8Head;   // null: the exact bf16 head
    /** Per layer, the BitLinears that read the same input: run as one kernel call. */
    private final TernaryMatrix[][] qkv, gateUp;

    public Transformer(ModelConfig config, BitNetWeights weights, Kernels kernels, Q8Matrix q8Head) {
        this.c = config;
        this.w = weights;
        this.k = kernels;
        this.q8Head = q8Head;
        this.rope = new Rope(config.headDim(), config.ropeTheta());
        LayerWeights[] layers = weights.layers();
        qkv = new TernaryMatrix[layers.length][];
        gateUp = new TernaryMatrix[layers.length][];
        for (int l = 0; l < layers.length; l++) {
            qkv[l] = new TernaryMatrix[]{layers[l].q(), layers[l].k(), layers[l].v()};
            gateUp[l] = new TernaryMatrix[]{layers[l].gate(), layers[l].up()};
        }
    }

    /**
     * Runs tokens at positions cache.length() … cache.length()+T-1 and appends them to the cache.
     * Returns the logits of every position ([T · vocab]) when {@code allLogits}, else of the last one, in
     * the first T·vocab (or vocab) entries of an array owned by the cache: valid until the next forward call
     * on that cache (copy it to keep it). Decoding this way allocates nothing per token.
     */
    public float[] forward(int[] tokens, KVCache cache, boolean allLogits, LayerTap tap) {
        int T = tokens.length, H = c.hiddenSize(), I = c.intermediateSize(), Q = c.qDim(), KV = c.kvDim();
        int start = cache.length();
        if (T == 0) throw new IllegalArgumentException("no tokens");
        if (start + T > cache.contextSize()) {
            throw new BitNetException("the sequence needs " + (start + T) + " positions but the context holds "
                    + cache.contextSize());
        }
        int first = allLogits ? 0 : T - 1, n = T - first;
        ForwardBuffers b = cache.buffers(c, T, n);
        float[] x = b.x, norm = b.norm, scales = b.scales, q = b.q, kk = b.k, v = b.v, att = b.att;
        float[] proj = b.proj, gate = b.gate, up = b.up, cos = b.cos, sin = b.sin;
        byte[] quant = b.quant;
        for (int t = 0; t < T; t++) embed(tokens[t], x, t * H);
        cache.ensure(start + T);
        float[] scores = b.scores(start + T);
        int half = c.headDim() / 2;
        for (int t = 0; t < T; t++) rope.angles(start + t, cos, sin, t * half);

        for (int l = 0; l < c.numLayers(); l++) {
            LayerWeights lw = w.layers()[l];
            // attention block
            normAndQuantize(x, H, lw.inputNorm(), T, norm, quant, scales);
            k.bitlinear(qkv[l], quant, scales, T, b.qkv);
            float[] kc = cache.keys(l), vc = cache.values(l);
            for (int t = 0; t < T; t++) {
                k.rope(q, t * Q, c.numHeads(), c.headDim(), cos, sin, t * half);
                k.rope(kk, t * KV, c.numKvHeads(), c.headDim(), cos, sin, t * half);
                System.arraycopy(kk, t * KV, kc, (start + t) * KV, KV);
                System.arraycopy(v, t * KV, vc, (start + t) * KV, KV);
            }
            for (int t = 0; t < T; t++) {
                k.attention(q, t * Q, kc, vc, start + t + 1, c.numHeads(), c.numKvHeads(), c.headDim(),
                        att, t * Q, scores);
            }
            normAndQuantize(att, Q, lw.attnSubNorm(), T, norm, quant, scales);
            k.bitlinear(lw.o(), quant, scales, T, proj);
            for (int i = 0; i < T * H; i++) x[i] += proj[i];

            // feed-forward block: relu(gate)² ⊙ up
            normAndQuantize(x, H, lw.postAttnNorm(), T, norm, quant, scales);
            k.bitlinear(gateUp[l], quant, scales, T, b.gateUp);
            for (int i = 0; i < T * I; i++) {
                float g = Math.max(gate[i], 0f);
                gate[i] = g * g * up[i];
            }
            normAndQuantize(gate, I, lw.ffnSubNorm(), T, norm, quant, scales);
            k.bitlinear(lw.down(), quant, scales, T, proj);
            for (int i = 0; i < T * H; i++) x[i] += proj[i];
            if (tap != null) tap.afterLayer(l, x, T);
        }
        cache.setLength(start + T);

        for (int t = first; t < T; t++) k.rmsnorm(norm, (t - first) * H, x, t * H, w.finalNorm(), H, c.rmsNormEps());
        float[] logits = b.logits;
        if (q8Head != null) k.q8Matmul(q8Head, norm, 0, n, logits, 0);
        else k.floatMatmul(w.lmHead(), norm, 0, n, logits, 0);
        return logits;
    }

    private void embed(int token, float[] x, int off) {
        if (token < 0 || token >= c.vocabSize()) {
            throw new BitNetException("token id " + token + " is outside the vocabulary (0.." + (c.vocabSize() - 1) + ")");
        }
        int H = c.hiddenSize();
        for (int i = 0; i < H; i++) x[off + i] = w.embedding().getFloat((long) token * H + i);
    }

    /** rmsnorm each token's row, then quantize it to int8 (the shared input of the next BitLinears). */
    private void normAndQuantize(float[] in, int n, float[] weight, int T, float[] norm, byte[] quant, float[] scales) {
        for (int t = 0; t < T; t++) {
            k.rmsnorm(norm, t * n, in, t * n, weight, n, c.rmsNormEps());
            scales[t] = k.quantize(norm, t * n, n, quant, t * n);
        }
    }
}
