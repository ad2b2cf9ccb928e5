package dev.bitnet4j.model;

import dev.bitnet4j.BitNetException;
import dev.bitnet4j.kernels.Kernels;

/**
 * The forward pass of spec §3 over a batch of rows: consecutive positions of one sequence, or of
 * several sequences at once. A prompt goes through in one call (every layer sees all its tokens at
 * once, so weights are read once per layer, not per token); decoding calls it with one token, or,
 * with {@link #forwardBatch}, one token of each of several sequences. Keys and values go to each
 * sequence's {@link KVCache}.
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
     * on that cache (copy it to keep it). Decoding this way allocates no working arrays per token.
     */
    public float[] forward(int[] tokens, KVCache cache, boolean allLogits, LayerTap tap) {
        int T = tokens.length;
        if (T == 0) throw new IllegalArgumentException("no tokens");
        ForwardBuffers b = cache.buffers(c, T, allLogits ? T : 1);
        return run(new int[][]{tokens}, new KVCache[]{cache}, b, allLogits, tap);
    }

    /**
     * One pass over several sequences: sequence s runs {@code tokens[s]} (a prompt, or the one token it
     * decodes next) at its own positions in {@code caches[s]}. Every sequence's rows go through each
     * norm, quantization and BitLinear together, so the weights are read once for the whole batch;
     * attention runs per sequence over its own cache. Rows never mix, so each sequence's logits equal
     * those of {@link #forward} on it alone. Returns the logits of each sequence's last position
     * ([sequences · vocab], row s for sequence s) in an array owned by {@code workspace}.
     */
    public float[] forwardBatch(int[][] tokens, KVCache[] caches, BatchWorkspace workspace) {
        if (tokens.length == 0 || tokens.length != caches.length) {
            throw new IllegalArgumentException(tokens.length + " token rows for " + caches.length + " caches");
        }
        int T = 0;
        for (int s = 0; s < tokens.length; s++) {
            if (tokens[s].length == 0) throw new IllegalArgumentException("sequence " + s + " has no tokens");
            for (int r = 0; r < s; r++) {
                if (caches[r] == caches[s]) throw new IllegalArgumentException("sequences " + r + " and " + s + " share a cache");
            }
            T += tokens[s].length;
        }
        workspace.buffers = ForwardBuffers.ensure(workspace.buffers, c, T, tokens.length);
        return run(tokens, caches, workspace.buffers, false, null);
    }

    /** The forward pass proper; {@code allLogits} only with one sequence. */
    private float[] run(int[][] tokens, KVCache[] caches, ForwardBuffers b, boolean allLogits, LayerTap tap) {
        int S = tokens.length, H = c.hiddenSize(), I = c.intermediateSize(), Q = c.qDim(), KV = c.kvDim();
        int[] row0 = new int[S + 1];   // sequence s owns rows row0[s] … row0[s+1]-1
        int[] start = new int[S];      // its first position
        int longest = 0;
        for (int s = 0; s < S; s++) {
            start[s] = caches[s].length();
            row0[s + 1] = row0[s] + tokens[s].length;
            int end = start[s] + tokens[s].length;
            if (end > caches[s].contextSize()) {
                throw new BitNetException("the sequence needs " + end + " positions but the context holds "
                        + caches[s].contextSize());
            }
            longest = Math.max(longest, end);
        }
        int T = row0[S];
        float[] x = b.x, norm = b.norm, scales = b.scales, q = b.q, kk = b.k, v = b.v, att = b.att;
        float[] proj = b.proj, gate = b.gate, up = b.up, cos = b.cos, sin = b.sin;
        byte[] quant = b.quant;
        for (int s = 0; s < S; s++) {
            for (int t = 0; t < tokens[s].length; t++) embed(tokens[s][t], x, (row0[s] + t) * H);
        }
        for (int s = 0; s < S; s++) caches[s].ensure(start[s] + tokens[s].length);
        float[] scores = b.scores(longest);
        int half = c.headDim() / 2;
        for (int s = 0; s < S; s++) {
            for (int r = row0[s]; r < row0[s + 1]; r++) rope.angles(start[s] + r - row0[s], cos, sin, r * half);
        }

        for (int l = 0; l < c.numLayers(); l++) {
            LayerWeights lw = w.layers()[l];
            // attention block
            normAndQuantize(x, H, lw.inputNorm(), T, norm, quant, scales);
            k.bitlinear(qkv[l], quant, scales, T, b.qkv);
            for (int s = 0; s < S; s++) {
                float[] kc = caches[s].keys(l), vc = caches[s].values(l);
                for (int r = row0[s]; r < row0[s + 1]; r++) {
                    int pos = start[s] + r - row0[s];
                    k.rope(q, r * Q, c.numHeads(), c.headDim(), cos, sin, r * half);
                    k.rope(kk, r * KV, c.numKvHeads(), c.headDim(), cos, sin, r * half);
                    System.arraycopy(kk, r * KV, kc, pos * KV, KV);
                    System.arraycopy(v, r * KV, vc, pos * KV, KV);
                }
                for (int r = row0[s]; r < row0[s + 1]; r++) {
                    k.attention(q, r * Q, kc, vc, start[s] + r - row0[s] + 1, c.numHeads(), c.numKvHeads(), c.headDim(),
                            att, r * Q, scores);
                }
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
        for (int s = 0; s < S; s++) caches[s].setLength(start[s] + tokens[s].length);

        // the final norm of the rows that need logits: all of them, or each sequence's last
        int n = 0;
        for (int s = 0; s < S; s++) {
            for (int r = allLogits ? row0[s] : row0[s + 1] - 1; r < row0[s + 1]; r++, n++) {
                k.rmsnorm(norm, n * H, x, r * H, w.finalNorm(), H, c.rmsNormEps());
            }
        }
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
