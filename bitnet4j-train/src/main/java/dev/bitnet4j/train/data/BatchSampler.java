package dev.bitnet4j.train.data;

import dev.bitnet4j.BitNetException;
import dev.bitnet4j.model.SeededRandom;

/**
 * Training batches: {@code batchSize} windows of {@code context + 1} consecutive tokens (inputs and their next-token
 * targets) at uniformly random offsets of a split. The batch of step k depends only on (seed, k)
 * ({@link SeededRandom#forStep}), so a run resumed at step k sees exactly the batches it would have seen.
 */
public final class BatchSampler {
    private final TokenSplit split;
    private final int batchSize, context;
    private final long seed;

    /**
     * @throws BitNetException when the split is shorter than one window
     */
    public BatchSampler(TokenSplit split, int batchSize, int context, long seed) {
        if (batchSize < 1 || context < 1) throw new BitNetException("batch size and context must be positive, found " + batchSize + " and " + context);
        if (split.size() < context + 1L) {
            throw new BitNetException("the " + split.name() + " split has " + split.size() + " tokens, fewer than the " + (context + 1L)
                    + " of one window (context + 1); use a shorter context or more data");
        }
        this.split = split;
        this.batchSize = batchSize;
        this.context = context;
        this.seed = seed;
    }

    /** The window starts of step {@code step}, each in [0, size - context - 1]. */
    public long[] offsets(long step) {
        SeededRandom rng = SeededRandom.forStep(seed, step);
        long[] offsets = new long[batchSize];
        long starts = split.size() - context;         // offsets 0 .. size - (context + 1)
        for (int b = 0; b < batchSize; b++) offsets[b] = rng.below(starts);
        return offsets;
    }

    /** The tokens of step {@code step}: row b is {@code [b * (context + 1), (b + 1) * (context + 1))}. */
    public int[] batch(long step) {
        int[] out = new int[batchSize * (context + 1)];
        long[] offsets = offsets(step);
        for (int b = 0; b < batchSize; b++) split.read(offsets[b], out, b * (context + 1), context + 1);
        return out;
    }

    public int batchSize() {
        return batchSize;
    }

    public int context() {
        return context;
    }
}
