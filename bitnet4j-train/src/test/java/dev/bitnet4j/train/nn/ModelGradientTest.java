package dev.bitnet4j.train.nn;

import dev.bitnet4j.model.ModelConfig;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The whole model's backward pass (full precision) against finite differences of its loss, for a sample of
 * the elements of every tensor. Weights are drawn with std 0.3 rather than 0.02 so that every gradient is
 * large next to the float rounding of the loss.
 */
class ModelGradientTest {

    @Test
    void everyTensorsGradientMatchesFiniteDifferences() {
        ModelConfig c = TinyModels.config();
        Random rng = new Random(5);
        int B = 2, T = 5;
        int[][] tokens = TinyModels.tokens(rng, B, T, c.vocabSize()), targets = TinyModels.tokens(rng, B, T, c.vocabSize());
        boolean[][] mask = {{true, true, false, true, true}, {true, true, true, true, false}};
        Params p = TinyModels.withRandomNorms(Params.init(c, 1, 0.3), rng);   // norms away from 1: their gradients are not special
        try (Matmul mm = Matmul.vector(1)) {
            TrainModel model = new TrainModel(p, Quantization.NONE, mm, B, T);
            double loss = model.forward(tokens, targets, mask, Reduction.MEAN);
            model.backward();
            assertEquals(loss, model.forward(tokens, targets, mask, Reduction.MEAN), 0, "forward is deterministic");
            for (Param t : p.all()) {
                float[] analytic = t.grad().clone();
                GradCheck.check(t.name(), t.value(), analytic,
                        () -> model.forward(tokens, targets, mask, Reduction.MEAN), 24);
            }
        }
    }
}
