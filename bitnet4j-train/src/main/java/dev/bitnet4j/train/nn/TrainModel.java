package dev.bitnet4j.train.nn;

import dev.bitnet4j.model.ModelConfig;

import java.util.Arrays;

/**
 * BitNet b1.58 for training: the forward pass of spec §3 over a batch of B sequences of T tokens (each
 * sequence starts at position 0), with the BitLinear layers as {@link Quantization} says, a tied lm_head
 * (logits = rmsnorm(x)·embeddingᵀ, plain float, never quantized) and a cross-entropy loss; and the backward
 * pass, which adds dLoss/dparam to every {@link Param#grad()} (zero them between steps yourself).
 * <p>
 * Activations of every layer are kept for backward: about B·T·(L·(6H + 5·qDim + 2·kvDim + 5I) + V) floats,
 * plus the attention weights B·heads·T²·L, plus a t copy of every BitLinear weight when quantized; a
 * {@link #frozen} model (forward only, as DPO's reference) keeps one layer's worth instead of L. One instance
 * serves one (B, T); not thread-safe (its matmuls use threads).
 */
public final class TrainModel {
    private final ModelConfig c;
    private final Params params;
    private final Matmul matmul;
    private final int B, T, R, H, V;
    private final Block[] blocks;
    private final Param embedding, finalNorm;
    private final boolean trainable;
    private final float[] x, normed, rstd, logits, dx, dNormed;   // dx, dNormed: null when frozen
    private final double[] logSums;   // each row's log Σ exp(logits) from the loss, reused by backward
    private int[] tokens, targets;
    private boolean[] mask;
    private Reduction reduction;
    private double[] sequenceWeights;

    public TrainModel(Params params, Quantization mode, Matmul matmul, int batch, int seqLen) {
        this(params, mode, matmul, batch, seqLen, true);
    }

    /** A forward-only model over {@code params}: its layers share one set of activations, and it has no backward pass. */
    public static TrainModel frozen(Params params, Quantization mode, Matmul matmul, int batch, int seqLen) {
        return new TrainModel(params, mode, matmul, batch, seqLen, false);
    }

    private TrainModel(Params params, Quantization mode, Matmul matmul, int batch, int seqLen, boolean trainable) {
        this.trainable = trainable;
        if (batch < 1 || seqLen < 1) throw new IllegalArgumentException("batch " + batch + " × sequence length " + seqLen);
        this.c = params.config();
        this.params = params;
        this.matmul = matmul;
        B = batch;
        T = seqLen;
        R = batch * seqLen;
        H = c.hiddenSize();
        V = c.vocabSize();
        if ((long) R * Math.max(V, Math.max(H, c.intermediateSize())) > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("batch × sequence length " + R + " is too large for this model's arrays");
        }
        embedding = params.get("model.embed_tokens.weight");
        finalNorm = params.get("model.norm.weight");
        Rope rope = new Rope(c.headDim(), c.ropeTheta(), seqLen);
        Scratch scratch = new Scratch(c, R, trainable);
        Activations shared = trainable ? null : new Activations(c, batch, seqLen);
        blocks = new Block[c.numLayers()];
        for (int l = 0; l < blocks.length; l++) {
            Activations own = trainable ? new Activations(c, batch, seqLen) : shared;
            blocks[l] = new Block(c, params, l, mode, matmul, rope, batch, seqLen, scratch, own);
        }
        x = new float[R * H];
        normed = new float[R * H];
        rstd = new float[R];
        logits = new float[R * V];
        logSums = new double[R];
        dx = trainable ? new float[R * H] : null;
        dNormed = trainable ? new float[R * H] : null;
    }

    public Params params() {
        return params;
    }

    /**
     * The forward pass and the loss of predicting {@code targets[b][t]} after {@code tokens[b][0..t]}, over the
     * positions where {@code mask} is true (null: all), summed or averaged. Keeps what {@link #backward} needs.
     */
    public double forward(int[][] tokens, int[][] targets, boolean[][] mask, Reduction reduction) {
        forward(tokens);
        this.targets = flatten(targets);
        this.mask = mask == null ? null : flatten(mask);
        this.reduction = reduction;
        this.sequenceWeights = null;
        return CrossEntropy.forward(matmul, logits, this.targets, this.mask, V, reduction, logSums);
    }

    /**
     * The forward pass and, for each sequence b, Σ over its counted positions of log p(targets[b][t]): the
     * log-probability of a response given its prompt, as DPO needs it. Follow with
     * {@link #backward(double[])} to add the gradient of Σ_b w_b · (−logprob_b).
     */
    public double[] sequenceLogProbs(int[][] tokens, int[][] targets, boolean[][] mask) {
        forward(tokens);
        this.targets = flatten(targets);
        this.mask = mask == null ? null : flatten(mask);
        this.reduction = Reduction.SUM;
        double[] rowLosses = CrossEntropy.rowLosses(matmul, logits, this.targets, this.mask, V, logSums);
        double[] out = new double[B];
        for (int r = 0; r < R; r++) out[r / T] -= rowLosses[r];
        return out;
    }

    /**
     * Adds the gradient of Σ_b weights[b] · (−logprob_b) after {@link #sequenceLogProbs}: for DPO, weights[b] is
     * −dL/dlogprob_b of the pair sequence b belongs to.
     */
    public void backward(double[] weights) {
        if (weights.length != B) throw new IllegalArgumentException("expected " + B + " sequence weights, found " + weights.length);
        this.sequenceWeights = weights.clone();
        backward();
    }

    /** The forward pass alone: returns the logits [B·T, vocab] (row b·T + t), valid until the next call. */
    public float[] forward(int[][] tokens) {
        this.tokens = flatten(tokens);
        this.targets = null;
        Embedding.forward(x, this.tokens, embedding.value(), H);
        for (Block b : blocks) b.forward(x);
        RmsNorm.forward(normed, rstd, x, finalNorm.value(), R, H, c.rmsNormEps());
        matmul.forward(logits, normed, embedding.value(), R, H, V);
        return logits;
    }

    /** Adds the gradient of the last {@link #forward(int[][], int[][], boolean[][], Reduction)}'s loss to every parameter. */
    public void backward() {
        if (!trainable) throw new IllegalStateException("a frozen model has no backward pass");
        if (targets == null) throw new IllegalStateException("backward needs a forward pass with targets first");
        if (sequenceWeights == null) CrossEntropy.backward(matmul, logits, targets, mask, V, reduction, logSums);
        else CrossEntropy.backward(matmul, logits, targets, mask, V, 1, sequenceWeights, T, logSums);   // logits now hold dL/dlogits
        Arrays.fill(dNormed, 0f);
        matmul.backwardInput(dNormed, logits, embedding.value(), R, H, V);
        matmul.backwardWeight(embedding.grad(), logits, normed, R, H, V);
        Arrays.fill(dx, 0f);
        RmsNorm.backward(dx, finalNorm.grad(), dNormed, x, finalNorm.value(), rstd, R, H);
        for (int l = blocks.length - 1; l >= 0; l--) blocks[l].backward(dx);
        Embedding.backward(embedding.grad(), dx, tokens, H);
        targets = null;   // the logits are gone
        sequenceWeights = null;
    }

    private int[] flatten(int[][] rows) {
        int[] out = new int[R];
        check(rows.length == B);
        for (int b = 0; b < B; b++) {
            check(rows[b].length == T);
            System.arraycopy(rows[b], 0, out, b * T, T);
        }
        return out;
    }

    private boolean[] flatten(boolean[][] rows) {
        boolean[] out = new boolean[R];
        check(rows.length == B);
        for (int b = 0; b < B; b++) {
            check(rows[b].length == T);
            System.arraycopy(rows[b], 0, out, b * T, T);
        }
        return out;
    }

    private void check(boolean shapeOk) {
        if (!shapeOk) throw new IllegalArgumentException("expected " + B + " rows of " + T + " tokens");
    }
}
