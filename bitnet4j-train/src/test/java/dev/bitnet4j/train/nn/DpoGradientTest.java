package dev.bitnet4j.train.nn;

import dev.bitnet4j.model.ModelConfig;
import dev.bitnet4j.train.dpo.DpoLoss;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The DPO objective through the whole model: sequence log-probabilities equal the masked sums of per-token
 * log-probabilities, and backward with each sequence weighted by −dL/dlogprob gives the gradient of the DPO
 * loss (checked against finite differences, full precision, against a frozen reference).
 */
class DpoGradientTest {
    static final double BETA = 0.1;

    @Test
    void dpoGradientMatchesFiniteDifferences() {
        ModelConfig c = TinyModels.config();
        Random rng = new Random(9);
        int B = 2, T = 5;                                   // row 0: prompt + chosen, row 1: prompt + rejected
        int[][] tokens = TinyModels.tokens(rng, B, T, c.vocabSize()), targets = TinyModels.tokens(rng, B, T, c.vocabSize());
        boolean[][] response = {{false, false, true, true, true}, {false, false, true, true, false}};
        Params policy = TinyModels.withRandomNorms(Params.init(c, 1, 0.3), rng), reference = Params.init(c, 2, 0.3);
        try (Matmul mm = Matmul.vector(1)) {
            double[] ref = new TrainModel(reference, Quantization.NONE, mm, B, T).sequenceLogProbs(tokens, targets, response);
            TrainModel model = new TrainModel(policy, Quantization.NONE, mm, B, T);
            java.util.function.DoubleSupplier loss = () -> {
                double[] lp = model.sequenceLogProbs(tokens, targets, response);
                return DpoLoss.of(lp[0], lp[1], ref[0], ref[1], BETA).loss();
            };
            double[] lp = model.sequenceLogProbs(tokens, targets, response);
            // The log-probabilities are the masked sums of the per-token losses.
            double sum = -model.forward(tokens, targets, response, Reduction.SUM);
            assertEquals(sum, lp[0] + lp[1], 1e-9 * Math.abs(sum));
            lp = model.sequenceLogProbs(tokens, targets, response);
            DpoLoss d = DpoLoss.of(lp[0], lp[1], ref[0], ref[1], BETA);
            model.backward(new double[]{-d.dChosen(), -d.dRejected()});
            for (Param t : policy.all()) GradCheck.check(t.name(), t.value(), t.grad().clone(), loss, 12);
        }
    }

    /** The weighted backward alone: the gradient of Σ_b w_b · (−logprob_b) for fixed weights. */
    @Test
    void weightedSequenceLossGradientMatchesFiniteDifferences() {
        ModelConfig c = TinyModels.config();
        Random rng = new Random(9);
        int B = 2, T = 5;
        int[][] tokens = TinyModels.tokens(rng, B, T, c.vocabSize()), targets = TinyModels.tokens(rng, B, T, c.vocabSize());
        boolean[][] response = {{false, false, true, true, true}, {false, false, true, true, false}};
        double[] w = {0.7, -0.4};
        Params policy = TinyModels.withRandomNorms(Params.init(c, 1, 0.3), rng);
        try (Matmul mm = Matmul.vector(1)) {
            TrainModel model = new TrainModel(policy, Quantization.NONE, mm, B, T);
            java.util.function.DoubleSupplier loss = () -> {
                double[] lp = model.sequenceLogProbs(tokens, targets, response);
                return -(w[0] * lp[0] + w[1] * lp[1]);
            };
            model.sequenceLogProbs(tokens, targets, response);
            model.backward(w);
            for (Param t : policy.all()) GradCheck.check(t.name(), t.value(), t.grad().clone(), loss, 12);
        }
    }
}
