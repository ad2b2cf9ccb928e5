package dev.bitnet4j.train.eval;

import dev.bitnet4j.BitNetException;
import dev.bitnet4j.generate.LogSoftmax;
import dev.bitnet4j.model.BitNetModel;
import dev.bitnet4j.model.KVCache;
import dev.bitnet4j.train.data.TokenSplit;

/**
 * Perplexity of a model on a token split: the split is cut into consecutive windows of {@code context}
 * tokens, each run through the engine in one pass from an empty cache, and every token after a window's first
 * is scored by the log-probability the model gave it. perplexity = exp(mean negative log-likelihood).
 */
public final class Perplexity {
    private Perplexity() {}

    /** What {@code eval --json} prints. */
    public record Result(double perplexity, double meanLoss, long tokens) {}

    public static Result of(BitNetModel model, TokenSplit split, int context, long maxTokens) {
        int V = model.config().vocabSize();
        if (context < 2) throw new BitNetException("--context must be at least 2, found " + context);
        context = Math.min(context, model.config().maxPositions());
        long end = Math.min(split.size(), maxTokens);
        if (end < 2) throw new BitNetException(split.name() + " split has " + split.size() + " tokens; perplexity needs at least 2");
        double nll = 0;
        long scored = 0;
        int[] window = new int[context];
        KVCache cache = model.newCache(context);   // one cache, emptied for each window
        for (long from = 0; from + 1 < end; from += context) {
            int n = (int) Math.min(context, end - from);
            split.read(from, window, 0, n);
            for (int i = 0; i < n; i++) {
                if (window[i] >= V) throw new BitNetException("token " + window[i] + " at " + (from + i) + " is outside the model's vocabulary of " + V);
            }
            cache.truncate(0);
            float[] logits = model.forward(java.util.Arrays.copyOf(window, n), cache, true);
            for (int i = 0; i + 1 < n; i++) nll -= LogSoftmax.logProb(logits, i * V, V, window[i + 1]);
            scored += n - 1;
        }
        double mean = nll / scored;
        return new Result(Math.exp(mean), mean, scored);
    }
}
