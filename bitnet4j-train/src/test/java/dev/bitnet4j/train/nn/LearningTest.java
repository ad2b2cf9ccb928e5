package dev.bitnet4j.train.nn;

import dev.bitnet4j.model.ModelConfig;
import dev.bitnet4j.model.ModelShape;
import dev.bitnet4j.train.optim.AdamW;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A few steps of the trainer's AdamW (no weight decay) on a repeated token sequence lower the loss, with and without quantization: forward, backward and gradients fit together.
 */
class LearningTest {
    private static final int B = 2, T = 12, STEPS = 40;

    @Test
    void ternaryModelLearnsARepeatedSequence() {
        double[] losses = train(Quantization.TERNARY, 0.02);
        assertTrue(losses[1] < 0.3 * losses[0], "loss " + losses[0] + " → " + losses[1]);
    }

    @Test
    void fullPrecisionModelLearnsARepeatedSequence() {
        double[] losses = train(Quantization.NONE, 0.02);
        assertTrue(losses[1] < 0.3 * losses[0], "loss " + losses[0] + " → " + losses[1]);
    }

    /** Returns {first loss, last loss}. */
    private static double[] train(Quantization mode, double lr) {
        ModelConfig c = TinyModels.config(new ModelShape(16, 32, 2, 2, 1, 16));
        int[][] tokens = new int[B][T], targets = new int[B][T];
        for (int b = 0; b < B; b++) {
            for (int t = 0; t < T; t++) {   // 3 1 4 1 5 9 2 6 3 1 4 1 ...: the next token depends on the context
                tokens[b][t] = "31415926".charAt((t + b) % 8) - '0';
                targets[b][t] = "31415926".charAt((t + b + 1) % 8) - '0';
            }
        }
        Params p = Params.init(c, 42, Params.INIT_STD);
        AdamW adam = new AdamW(p);
        double first = 0, last = 0;
        try (Matmul mm = Matmul.vector(1)) {
            TrainModel model = new TrainModel(p, mode, mm, B, T);
            for (int step = 1; step <= STEPS; step++) {
                p.zeroGrad();
                last = model.forward(tokens, targets, null, Reduction.MEAN);
                if (step == 1) first = last;
                model.backward();
                adam.step(lr, 0);
            }
        }
        return new double[]{first, last};
    }
}
