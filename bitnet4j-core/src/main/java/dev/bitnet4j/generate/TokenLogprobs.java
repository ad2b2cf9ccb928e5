package dev.bitnet4j.generate;

import java.util.List;

/**
 * A generated token's log-probability and the most likely alternatives at its position, under the
 * model's own distribution: the log-softmax of the raw logits, before penalties, temperature and
 * filters (as OpenAI reports them), so they describe the model, not the sampling settings.
 *
 * @param id      the token that was generated
 * @param logprob its natural-log probability (&le; 0; -inf for a token the model ruled out)
 * @param top     the k most likely tokens, most likely first (ties to the lower id); empty when k = 0
 */
public record TokenLogprobs(int id, double logprob, List<Alternative> top) {
    public TokenLogprobs {
        top = List.copyOf(top);
    }

    /** One of the most likely tokens at a position. */
    public record Alternative(int id, double logprob) {}

    /** The logprobs of {@code chosen} and the top k over {@code logits[offset .. offset + vocabSize)}. */
    public static TokenLogprobs of(float[] logits, int offset, int vocabSize, int chosen, int k) {
        double logZ = LogSoftmax.logSumExp(logits, offset, vocabSize);
        int[] best = LogSoftmax.topIds(logits, offset, vocabSize, k);
        Alternative[] top = new Alternative[best.length];
        for (int i = 0; i < best.length; i++) top[i] = new Alternative(best[i], LogSoftmax.value(logits[offset + best[i]]) - logZ);
        return new TokenLogprobs(chosen, LogSoftmax.value(logits[offset + chosen]) - logZ, List.of(top));
    }
}
