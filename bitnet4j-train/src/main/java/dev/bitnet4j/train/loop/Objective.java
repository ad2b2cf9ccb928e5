package dev.bitnet4j.train.loop;

import java.util.List;

/**
 * What a run optimizes, and on which data: pretraining on token windows ({@link Pretraining}), SFT on chat
 * conversations, DPO on preference pairs. The {@link Trainer} owns the optimizer step (accumulation, clipping,
 * AdamW, the schedule); an objective owns the model's forward and backward on its own batches.
 * <p>
 * Micro-batch {@code i} must be a pure function of the run's seed and {@code i}, so a resumed run sees what an
 * uninterrupted one would have.
 */
public interface Objective {
    /**
     * The names of the metrics {@link #train} and {@link #validate} return, in order. The first is the loss the
     * optimizer minimises (as a per-token mean where tokens are counted; the gradient may be of a sum), the others
     * are reported beside it (e.g. DPO's reward margin and preference accuracy).
     */
    List<String> metrics();

    /** Forward and backward of micro-batch {@code index}: adds its gradient to the parameters; returns its metrics. */
    double[] train(long index);

    /** Whether there is held-out data to {@link #validate} on. */
    boolean hasValidation();

    /** The metrics over the fixed held-out batches (forward only; the gradients are left alone). */
    double[] validate();

    /** Tokens in one micro-batch (inputs, padding included), for the throughput figures. */
    long tokensPerMicroBatch();
}
