package dev.bitnet4j.train.sft;

import dev.bitnet4j.BitNetException;
import dev.bitnet4j.model.SeededRandom;

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
        requireAssistantTokens(examples, context, "conversation");
        this.examples = List.copyOf(examples);
        this.batchSize = batchSize;
        this.context = context;
        this.seed = seed;
    }

    /**
     * @param what names an example in the error ("conversation", "chosen response of pair")
     * @throws BitNetException naming the first example with no assistant token within {@code context} predictions
     */
    public static void requireAssistantTokens(List<ChatExample> examples, int context, String what) {
        for (int i = 0; i < examples.size(); i++) {
            boolean[] assistant = examples.get(i).assistant();
            boolean counted = false;                    // PaddedBatch counts the predictions of tokens 1..context
            for (int t = 1; t < Math.min(assistant.length, context + 1) && !counted; t++) counted = assistant[t];
            if (!counted) {
                throw new BitNetException(what + " " + (i + 1) + " has no assistant token within the first " + (context + 1)
                        + " tokens; raise --context or shorten it");
            }
        }
    }

    public PaddedBatch batch(long step) {
        return PaddedBatch.of(draw(examples, batchSize, seed, step), context);
    }

    /** {@code count} items drawn with replacement, a pure function of (seed, step) (DPO draws its pairs so too). */
    public static <T> List<T> draw(List<T> items, int count, long seed, long step) {
        SeededRandom rng = SeededRandom.forStep(seed, step);
        List<T> drawn = new ArrayList<>(count);
        for (int b = 0; b < count; b++) drawn.add(items.get((int) rng.below(items.size())));
        return drawn;
    }
}
