package dev.bitnet4j.train.dpo;

import dev.bitnet4j.train.nn.TrainModel;
import dev.bitnet4j.train.sft.PaddedBatch;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The frozen reference's log-probabilities of each pair's chosen and rejected response. The reference never
 * changes and a row's log-probability does not depend on the other rows of its batch, so each pair is scored
 * once: a pair drawn again, and every held-out pair at every evaluation after the first, costs no forward pass.
 */
public final class ReferenceScores {
    private final TrainModel reference;
    private final Map<PreferencePairs.Pair, double[]> known = new IdentityHashMap<>();

    /** @param reference the frozen model ({@link TrainModel#frozen}) over the batch's 2P rows */
    public ReferenceScores(TrainModel reference) {
        this.reference = reference;
    }

    /** log π_ref of rows 0..2P−1 of {@code b} (chosen responses of {@code pairs} in 0..P−1, rejected in P..2P−1). */
    double[] of(List<PreferencePairs.Pair> pairs, PaddedBatch b, int P) {
        double[] ref = new double[2 * P];
        if (pairs.stream().allMatch(known::containsKey)) {
            for (int i = 0; i < pairs.size(); i++) {
                double[] k = known.get(pairs.get(i));
                ref[i] = k[0];
                ref[P + i] = k[1];
            }
            return ref;
        }
        ref = reference.sequenceLogProbs(b.tokens(), b.targets(), b.mask());
        for (int i = 0; i < pairs.size(); i++) known.put(pairs.get(i), new double[]{ref[i], ref[P + i]});
        return ref;
    }
}
