package dev.bitnet4j.train.dpo;

import dev.bitnet4j.model.ModelConfig;
import dev.bitnet4j.model.ModelShape;
import dev.bitnet4j.train.nn.Matmul;
import dev.bitnet4j.train.nn.Param;
import dev.bitnet4j.train.nn.Params;
import dev.bitnet4j.train.nn.Quantization;
import dev.bitnet4j.train.nn.TrainModel;
import dev.bitnet4j.train.sft.ChatExample;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** DPO steps: at the start (policy = reference) the loss is log 2 with zero margin; a few steps raise the preference accuracy. */
class DpoStepTest {
    static final int V = 64, T = 8;

    /** A pair whose prompt is 2 tokens and whose responses are 3 given tokens each. */
    static PreferencePairs.Pair pair(int p, int c, int r) {
        boolean[] response = {false, false, true, true, true};
        return new PreferencePairs.Pair(new ChatExample(new int[]{1, p, c, c + 1, 2}, response),
                new ChatExample(new int[]{1, p, r, r + 1, 2}, response));
    }

    @Test
    void startsAtLog2AndLearnsThePreferences() {
        ModelConfig c = ModelConfig.fromJson(new ModelShape(32, 64, 1, 2, 1, V).config(false), "test");
        Params reference = Params.init(c, 3, 0.02), policy = reference.copy();
        List<PreferencePairs.Pair> pairs = new ArrayList<>();
        for (int i = 0; i < 4; i++) pairs.add(pair(10 + i, 20 + 2 * i, 40 + 2 * i));
        try (Matmul mm = Matmul.vector(1)) {
            TrainModel pol = new TrainModel(policy, Quantization.TERNARY, mm, 8, T);
            ReferenceScores ref = new ReferenceScores(TrainModel.frozen(reference, Quantization.TERNARY, mm, 8, T));
            DpoStep.Metrics first = DpoStep.run(pol, ref, pairs, T, 0.1);
            assertEquals(Math.log(2), first.loss(), 1e-12);
            assertEquals(0, first.margin(), 1e-12);
            assertEquals(0, first.accuracy());
            // Plain SGD on the gradient the step left in the policy.
            DpoStep.Metrics last = first;
            for (int step = 0; step < 30; step++) {
                for (Param p : policy.all()) {
                    for (int i = 0; i < p.size(); i++) p.value()[i] -= 0.5f * p.grad()[i];
                }
                policy.zeroGrad();
                last = DpoStep.run(pol, ref, pairs, T, 0.1);
            }
            assertTrue(last.loss() < first.loss(), "loss " + first.loss() + " -> " + last.loss());
            assertEquals(1.0, last.accuracy(), "every pair preferred");
            assertTrue(last.margin() > 0);
        }
    }

    /** A pair's reference scores come from the model once, then from memory, in whatever batch and row it comes again. */
    @Test
    void referenceScoresAreRememberedPerPair() {
        ModelConfig c = ModelConfig.fromJson(new ModelShape(32, 64, 1, 2, 1, V).config(false), "test");
        List<PreferencePairs.Pair> pairs = new ArrayList<>();
        for (int i = 0; i < 4; i++) pairs.add(pair(10 + i, 20 + 2 * i, 40 + 2 * i));
        try (Matmul mm = Matmul.vector(1)) {
            Params p = Params.init(c, 5, 0.02);
            ReferenceScores scores = new ReferenceScores(TrainModel.frozen(p, Quantization.TERNARY, mm, 8, T));
            double[] first = scores.of(pairs, batch(pairs), 4);
            for (Param t : p.all()) java.util.Arrays.fill(t.value(), 0f);   // a model call now would score differently
            List<PreferencePairs.Pair> reversed = new ArrayList<>(pairs.reversed());
            double[] again = scores.of(reversed, batch(reversed), 4);
            for (int i = 0; i < 4; i++) {
                assertEquals(first[i], again[3 - i], 0, "chosen of pair " + i);
                assertEquals(first[4 + i], again[7 - i], 0, "rejected of pair " + i);
            }
            assertNotEquals(first[0], first[4], "chosen and rejected differ, so a swap would show");
        }
    }

    private static dev.bitnet4j.train.sft.PaddedBatch batch(List<PreferencePairs.Pair> pairs) {
        List<ChatExample> rows = new ArrayList<>();
        for (PreferencePairs.Pair q : pairs) rows.add(q.chosen());
        for (PreferencePairs.Pair q : pairs) rows.add(q.rejected());
        return dev.bitnet4j.train.sft.PaddedBatch.of(rows, T);
    }
}
