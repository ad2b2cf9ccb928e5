package dev.bitnet4j.train.dpo;

import dev.bitnet4j.train.nn.TrainModel;
import dev.bitnet4j.train.sft.ChatExample;
import dev.bitnet4j.train.sft.PaddedBatch;

import java.util.ArrayList;
import java.util.List;

/**
 * One DPO batch: the pairs' chosen responses in rows 0..P-1 and rejected ones in rows P..2P-1 (P pairs per
 * batch; the models hold 2P rows); the frozen reference scores them (forward only, once per pair), the policy
 * scores them and,
 * when training, its backward pass adds the gradient of the mean DPO loss over the pairs.
 */
public final class DpoStep {
    private DpoStep() {}

    /**
     * Means over the pairs: loss, reward margin, preference accuracy (margin > 0), and
     * the likelihood accuracy: the share of pairs whose chosen response the policy itself finds more likely
     * than the rejected one (log π(y_w|x) > log π(y_l|x); meaningful before training, where every margin is 0).
     */
    public record Metrics(double loss, double margin, double accuracy, double likelihoodAccuracy) {}

    /** A training batch of exactly P = rows/2 pairs; the policy's gradients are added to. */
    public static Metrics run(TrainModel policy, ReferenceScores reference, List<PreferencePairs.Pair> pairs, int context, double beta) {
        return score(policy, reference, pairs, pairs.size(), context, beta, true);
    }

    /** Held-out pairs, at most {@code batchPairs} (the rest of the batch is padding, not counted); forward only. */
    public static Metrics evaluate(TrainModel policy, ReferenceScores reference, List<PreferencePairs.Pair> pairs, int batchPairs, int context, double beta) {
        return score(policy, reference, pairs, batchPairs, context, beta, false);
    }

    private static Metrics score(TrainModel policy, ReferenceScores reference, List<PreferencePairs.Pair> pairs, int batchPairs, int context,
                                 double beta, boolean train) {
        int n = pairs.size(), P = batchPairs;
        if (n < 1 || n > P) throw new IllegalArgumentException(n + " pairs for a batch of " + P);
        List<ChatExample> rows = new ArrayList<>(2 * P);
        for (int i = 0; i < P; i++) rows.add(i < n ? pairs.get(i).chosen() : ChatExample.PADDING);
        for (int i = 0; i < P; i++) rows.add(i < n ? pairs.get(i).rejected() : ChatExample.PADDING);
        PaddedBatch b = PaddedBatch.of(rows, context);
        double[] ref = reference.of(pairs, b, P);
        double[] pol = policy.sequenceLogProbs(b.tokens(), b.targets(), b.mask());
        double[] weights = new double[2 * P];
        double loss = 0, margin = 0, correct = 0, likelier = 0;
        for (int i = 0; i < n; i++) {
            DpoLoss d = DpoLoss.of(pol[i], pol[P + i], ref[i], ref[P + i], beta);
            weights[i] = -d.dChosen() / n;               // the loss is a mean over pairs; CE = −logprob
            weights[P + i] = -d.dRejected() / n;
            loss += d.loss();
            margin += d.margin();
            if (d.correct()) correct++;
            if (pol[i] > pol[P + i]) likelier++;
        }
        if (train) policy.backward(weights);
        return new Metrics(loss / n, margin / n, correct / n, likelier / n);
    }
}
