package dev.bitnet4j.generate;

import dev.bitnet4j.BitNetException;

/** Log-softmax pieces over one position's logits, for logprobs and evaluation. NaN logits count as -inf, as in {@link Sampler}. */
public final class LogSoftmax {
    private LogSoftmax() {}

    /** A logit as a double, NaN as -inf. */
    public static double value(float logit) {
        return Float.isNaN(logit) ? Double.NEGATIVE_INFINITY : logit;
    }

    /** log p(id) at one position: logit[id] − log Σ exp(logit). */
    public static double logProb(float[] logits, int offset, int n, int id) {
        return value(logits[offset + id]) - logSumExp(logits, offset, n);
    }

    /** log Σ exp(logit), computed relative to the maximum so it neither overflows nor underflows. */
    public static double logSumExp(float[] logits, int offset, int n) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) max = Math.max(max, value(logits[offset + i]));
        if (max == Double.NEGATIVE_INFINITY) throw new BitNetException("no log-probabilities: every logit is -inf or NaN");
        double sum = 0;
        for (int i = 0; i < n; i++) sum += Math.exp(value(logits[offset + i]) - max);
        return max + Math.log(sum);
    }

    /**
     * The ids of the k highest logits, highest first, ties to the lower id: one pass keeping a sorted
     * array of k (k is at most 20 in the API, and almost every token is rejected by one comparison).
     */
    static int[] topIds(float[] logits, int offset, int n, int k) {
        k = Math.min(k, n);
        long[] best = new long[k]; // Sampler keys: ascending = best first
        int size = 0;
        for (int i = 0; i < n; i++) {
            long key = Sampler.key((float) value(logits[offset + i]), i);
            if (size == k && (k == 0 || key >= best[k - 1])) continue;
            int j = size < k ? size++ : k - 1;
            while (j > 0 && best[j - 1] > key) {
                best[j] = best[j - 1];
                j--;
            }
            best[j] = key;
        }
        int[] ids = new int[size];
        for (int i = 0; i < size; i++) ids[i] = Sampler.id(best[i]);
        return ids;
    }
}
