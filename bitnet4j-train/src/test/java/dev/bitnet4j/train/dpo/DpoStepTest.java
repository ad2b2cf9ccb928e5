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
            TrainModel pol = new TrainModel(policy, Quantization.TERNARY, mm, 8, T), ref = new TrainModel(reference, Quantization.TERNARY, mm, 8, T);
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
            assertTrue(last.margin() > 0 && last.chosenReward() > last.rejectedReward());
        }
    }
}
