package dev.bitnet4j.train.nn;

import dev.bitnet4j.BitNetException;

import java.util.Arrays;

/**
 * Softmax cross-entropy of logits [rows, vocab] against target ids, over the rows a mask lets count
 * (null: every row). The sums run in double; the gradient is softmax − one-hot, times the reduction's weight.
 */
final class CrossEntropy {
    private CrossEntropy() {}

    /** The loss: Σ over counted rows of log Σ exp(logits) − logits[target], summed or averaged. */
    static double forward(float[] logits, int[] targets, boolean[] mask, int vocab, Reduction reduction) {
        double loss = 0;
        for (int r = 0; r < targets.length; r++) {
            if (mask != null && !mask[r]) continue;
            int o = r * vocab, target = checked(targets[r], vocab);
            float max = max(logits, o, vocab);
            double sum = 0;
            for (int i = 0; i < vocab; i++) sum += Math.exp(logits[o + i] - max);
            loss += Math.log(sum) + max - logits[o + target];
        }
        return loss * weight(targets.length, mask, reduction);
    }

    /** Overwrites logits with dL/dlogits (rows that do not count get zeros). */
    static void backward(float[] logits, int[] targets, boolean[] mask, int vocab, Reduction reduction) {
        double w = weight(targets.length, mask, reduction);
        for (int r = 0; r < targets.length; r++) {
            int o = r * vocab;
            if (mask != null && !mask[r]) {
                Arrays.fill(logits, o, o + vocab, 0f);
                continue;
            }
            float max = max(logits, o, vocab);
            double sum = 0;
            for (int i = 0; i < vocab; i++) sum += Math.exp(logits[o + i] - max);
            for (int i = 0; i < vocab; i++) logits[o + i] = (float) (Math.exp(logits[o + i] - max) / sum * w);
            logits[o + targets[r]] -= (float) w;
        }
    }

    /** The number of counted rows in a mask (null: all). */
    static int counted(int rows, boolean[] mask) {
        if (mask == null) return rows;
        int n = 0;
        for (boolean m : mask) if (m) n++;
        return n;
    }

    private static double weight(int rows, boolean[] mask, Reduction reduction) {
        int n = counted(rows, mask);
        return reduction == Reduction.SUM || n == 0 ? 1.0 : 1.0 / n;
    }

    private static float max(float[] x, int o, int n) {
        float m = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) m = Math.max(m, x[o + i]);
        return m;
    }

    private static int checked(int target, int vocab) {
        if (target < 0 || target >= vocab) {
            throw new BitNetException("target id " + target + " is outside the vocabulary (0.." + (vocab - 1) + ")");
        }
        return target;
    }
}
