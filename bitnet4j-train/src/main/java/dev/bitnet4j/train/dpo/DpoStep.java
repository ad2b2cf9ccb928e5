package dev.bitnet4j.train.dpo;

import dev.bitnet4j.train.nn.TrainModel;
import dev.bitnet4j.train.sft.ChatExample;
import dev.bitnet4j.train.sft.PaddedBatch;

import java.util.ArrayList;
import java.util.List;

/**
 * One DPO step's loss and gradient: the pairs' chosen responses in rows 0..B-1 and rejected ones in rows
 * B..2B-1 of one batch; the frozen reference scores them (forward only), the policy scores them and its
 * backward pass adds the gradient of the mean DPO loss over the pairs.
 */
public final class DpoStep {
    private DpoStep() {}

    /** Means over the pairs: loss, reward margin, preference accuracy (margin > 0), and the implicit rewards. */
    public record Metrics(double loss, double margin, double accuracy, double chosenReward, double rejectedReward) {}

    /** Both models hold 2·pairs.size() rows of {@code context} tokens; the policy's gradients are added to. */
    public static Metrics run(TrainModel policy, TrainModel reference, List<PreferencePairs.Pair> pairs, int context, double beta) {
        int n = pairs.size();
        List<ChatExample> rows = new ArrayList<>(2 * n);
        for (PreferencePairs.Pair p : pairs) rows.add(p.chosen());
        for (PreferencePairs.Pair p : pairs) rows.add(p.rejected());
        PaddedBatch b = PaddedBatch.of(rows, context);
        double[] ref = reference.sequenceLogProbs(b.tokens(), b.targets(), b.mask());
        double[] pol = policy.sequenceLogProbs(b.tokens(), b.targets(), b.mask());
        double[] weights = new double[2 * n];
        double loss = 0, margin = 0, correct = 0, chosen = 0, rejected = 0;
        for (int i = 0; i < n; i++) {
            DpoLoss d = DpoLoss.of(pol[i], pol[n + i], ref[i], ref[n + i], beta);
            weights[i] = -d.dChosen() / n;               // the loss is a mean over pairs; CE = −logprob
            weights[n + i] = -d.dRejected() / n;
            loss += d.loss();
            margin += d.margin();
            if (d.correct()) correct++;
            chosen += d.chosenReward();
            rejected += d.rejectedReward();
        }
        policy.backward(weights);
        return new Metrics(loss / n, margin / n, correct / n, chosen / n, rejected / n);
    }
}
