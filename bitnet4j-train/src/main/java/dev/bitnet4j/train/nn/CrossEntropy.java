package dev.bitnet4j.train.nn;

import dev.bitnet4j.BitNetException;
import dev.bitnet4j.generate.LogSoftmax;

import java.util.Arrays;

/**
 * Softmax cross-entropy of logits [rows, vocab] against target ids, over the rows a mask lets count
 * (null: every row). Rows run in parallel; each row's log-sum-exp is the engine's ({@link LogSoftmax}, in double), and the rows' losses are added in
 * row order, so the result does not depend on the thread count. The gradient is softmax − one-hot, times the
 * reduction's weight.
 */
final class CrossEntropy {
    private CrossEntropy() {}

    /**
     * The loss: Σ over counted rows of log Σ exp(logits) − logits[target], summed or averaged. Each counted row's
     * log Σ exp(logits) goes to {@code logSums} [rows], which {@link #backward} takes instead of computing it again.
     */
    static double forward(Matmul threads, float[] logits, int[] targets, boolean[] mask, int vocab, Reduction reduction, double[] logSums) {
        double loss = 0;
        for (double l : rowLosses(threads, logits, targets, mask, vocab, logSums)) loss += l;
        return loss * weight(targets.length, mask, reduction);
    }

    /** Each row's loss, log Σ exp(logits) − logits[target], 0 for rows that do not count; fills {@code logSums} as {@link #forward}. */
    static double[] rowLosses(Matmul threads, float[] logits, int[] targets, boolean[] mask, int vocab, double[] logSums) {
        for (int r = 0; r < targets.length; r++) if (counts(mask, r)) checked(targets[r], vocab);
        double[] perRow = new double[targets.length];
        threads.parallel(targets.length, 4L * vocab, (from, to) -> {
            for (int r = from; r < to; r++) {
                if (!counts(mask, r)) continue;
                int o = r * vocab;
                logSums[r] = LogSoftmax.logSumExp(logits, o, vocab);
                perRow[r] = logSums[r] - logits[o + targets[r]];
            }
        });
        return perRow;
    }

    /** Overwrites logits with dL/dlogits (rows that do not count get zeros), given the forward pass's {@code logSums}. */
    static void backward(Matmul threads, float[] logits, int[] targets, boolean[] mask, int vocab, Reduction reduction, double[] logSums) {
        backward(threads, logits, targets, mask, vocab, weight(targets.length, mask, reduction), null, 1, logSums);
    }

    /**
     * dL/dlogits for L = Σ_r scale · rowWeight[r / rowsPerWeight] · loss_r (rowWeight null: all 1): a weighted sum
     * of row losses, such as DPO's, whose weights differ per sequence.
     */
    static void backward(Matmul threads, float[] logits, int[] targets, boolean[] mask, int vocab, double scale,
                         double[] rowWeight, int rowsPerWeight, double[] logSums) {
        threads.parallel(targets.length, 4L * vocab, (from, to) -> {
            for (int r = from; r < to; r++) {
                double w = rowWeight == null ? scale : scale * rowWeight[r / rowsPerWeight];
                int o = r * vocab;
                if (!counts(mask, r)) {
                    Arrays.fill(logits, o, o + vocab, 0f);
                    continue;
                }
                for (int i = 0; i < vocab; i++) logits[o + i] = (float) (Math.exp(logits[o + i] - logSums[r]) * w);
                logits[o + targets[r]] -= (float) w;
            }
        });
    }

    private static boolean counts(boolean[] mask, int row) {
        return mask == null || mask[row];
    }

    private static double weight(int rows, boolean[] mask, Reduction reduction) {
        int n = 0;
        for (int r = 0; r < rows; r++) if (counts(mask, r)) n++;
        return reduction == Reduction.SUM || n == 0 ? 1.0 : 1.0 / n;
    }

    private static int checked(int target, int vocab) {
        if (target < 0 || target >= vocab) {
            throw new BitNetException("target id " + target + " is outside the vocabulary (0.." + (vocab - 1) + ")");
        }
        return target;
    }
}
