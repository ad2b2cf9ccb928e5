package dev.bitnet4j.train.sft;

import dev.bitnet4j.BitNetException;
import dev.bitnet4j.train.data.SplitMix64;

import java.util.ArrayList;
import java.util.List;

/**
 * SFT batches: {@code batchSize} conversations drawn (with replacement) for each step, so that the batch of step
 * k depends only on (seed, k) and a resumed run sees what an uninterrupted one would have.
 */
public final class SftBatches {
    private final List<ChatExample> examples;
    private final int batchSize, context;
    private final long seed;

    /**
     * @throws BitNetException when there are no examples, or one has no assistant token within {@code context}
     */
    public SftBatches(List<ChatExample> examples, int batchSize, int context, long seed) {
        if (examples.isEmpty()) throw new BitNetException("no SFT examples");
        if (batchSize < 1 || context < 1) throw new BitNetException("batch size and context must be positive, found " + batchSize + " and " + context);
        for (int i = 0; i < examples.size(); i++) {
            if (PaddedBatch.of(List.of(examples.get(i)), context).counted() == 0) {
                throw new BitNetException("conversation " + (i + 1) + " has no assistant token within the first " + (context + 1)
                        + " tokens; raise --context or shorten it");
            }
        }
        this.examples = List.copyOf(examples);
        this.batchSize = batchSize;
        this.context = context;
        this.seed = seed;
    }

    public PaddedBatch batch(long step) {
        SplitMix64 rng = SplitMix64.forStep(seed, step);
        List<ChatExample> rows = new ArrayList<>(batchSize);
        for (int b = 0; b < batchSize; b++) rows.add(examples.get((int) rng.below(examples.size())));
        return PaddedBatch.of(rows, context);
    }
}
