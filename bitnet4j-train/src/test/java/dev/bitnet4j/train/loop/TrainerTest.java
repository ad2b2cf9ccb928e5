package dev.bitnet4j.train.loop;

import dev.bitnet4j.model.ModelConfig;
import dev.bitnet4j.train.data.BatchSampler;
import dev.bitnet4j.train.data.TokenFile;
import dev.bitnet4j.train.nn.Matmul;
import dev.bitnet4j.train.nn.Params;
import dev.bitnet4j.train.nn.Quantization;
import dev.bitnet4j.train.nn.Reduction;
import dev.bitnet4j.train.nn.TrainModel;
import dev.bitnet4j.train.optim.GradientClip;
import dev.bitnet4j.train.optim.AdamW;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainerTest {
    @TempDir
    static Path dir;
    static Path data;

    @BeforeAll
    static void prepare() throws IOException {
        data = TinyRun.prepare(dir);
    }

    /** A pretraining trainer on the windows of {@code tokens}. */
    static Trainer pretraining(Params params, AdamW adam, long nextStep, TrainOptions o, TokenFile tokens, Matmul matmul) {
        return new Trainer(params, adam, nextStep, o, new Pretraining.Windows(params, o, tokens, matmul));
    }


    /** Runs {@code steps} steps of a fresh run; returns every train and validation loss. */
    static List<StepResult> run(TrainOptions o) {
        try (TokenFile tokens = TokenFile.open(data); Matmul matmul = Matmul.vector(2)) {
            ModelConfig config = TinyRun.config(tokens.header().vocabSize());
            Params params = Params.init(config, o.seed(), Params.INIT_STD);
            Trainer trainer = TrainerTest.pretraining(params, new AdamW(params), 0, o, tokens, matmul);
            List<StepResult> results = new ArrayList<>();
            while (!trainer.done()) results.add(stepAndEvaluate(trainer));
            return results;
        }
    }

    @Test
    void learnsTheRepeatingTextAndIsDeterministic() {
        TrainOptions o = TinyRun.options(60, 0);
        List<StepResult> a = run(o), b = run(o);
        StepResult first = a.getFirst(), last = a.getLast();
        // Uniform guessing over the ~300 ids costs ln 300 ≈ 5.7 nats.
        assertTrue(first.trainLoss() > 5.0, "initial loss " + first.trainLoss());
        assertTrue(last.trainLoss() < 2.6, "loss after 60 steps " + last.trainLoss());
        assertTrue(last.valLoss() < 2.6, "validation loss after 60 steps " + last.valLoss());
        assertEquals(6, a.stream().filter(r -> !Double.isNaN(r.valLoss())).count(), "validation every 10 steps");
        assertArrayEquals(losses(a), losses(b), "two runs give the same losses bit for bit");
    }

    @Test
    void accumulationAveragesTheMicroBatchGradients() {
        TrainOptions o = new TrainOptions(2, 8, 3, 1, 5, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, false);   // lr 0: the step only measures
        try (TokenFile tokens = TokenFile.open(data); Matmul matmul = Matmul.vector(2)) {
            ModelConfig config = TinyRun.config(tokens.header().vocabSize());
            Params params = Params.init(config, 1, Params.INIT_STD);
            StepResult r = TrainerTest.pretraining(params, new AdamW(params), 0, o, tokens, matmul).step();

            // The same three micro-batches by hand: sum of the mean losses and gradients, divided by 3.
            BatchSampler sampler = new BatchSampler(tokens.train(), 2, 8, 5);
            TrainModel model = new TrainModel(params, Quantization.TERNARY, matmul, 2, 8);
            params.zeroGrad();
            double loss = 0;
            for (int j = 0; j < 3; j++) {
                int[] b = sampler.batch(j);
                int[][] in = new int[2][8], tg = new int[2][8];
                for (int row = 0; row < 2; row++) {
                    System.arraycopy(b, row * 9, in[row], 0, 8);
                    System.arraycopy(b, row * 9 + 1, tg[row], 0, 8);
                }
                loss += model.forward(in, tg, null, Reduction.MEAN);
                model.backward();
            }
            assertEquals(loss / 3, r.trainLoss(), 1e-12);
            assertEquals(GradientClip.norm(params) / 3, r.gradNorm(), 1e-6 * r.gradNorm());
        }
    }

    @Test
    void fullPrecisionTrainsTheSameModelWithoutQuantization() {
        TrainOptions ternary = TinyRun.options(20, 0);
        TrainOptions full = new TrainOptions(4, 16, 2, 20, 42, 4e-2, 2e-2, 5, 10, 1e-4, 0.1, 1.0, 10, 2, 0, true);
        List<StepResult> t = run(ternary), f = run(full);
        assertEquals(t.getFirst().trainLoss(), f.getFirst().trainLoss(), 0.05, "the same initial model");
        assertTrue(t.getFirst().trainLoss() != f.getFirst().trainLoss(), "but quantization changes the numbers");
        assertTrue(f.getLast().trainLoss() < f.getFirst().trainLoss() - 1, "full precision learns: " + f.getLast().trainLoss());
    }

    /** A step, with its validation loss where the trainer evaluates. */
    static StepResult stepAndEvaluate(Trainer t) {
        StepResult r = t.step();
        return t.evaluatesAfter(r.step()) ? r.withVal(t.validate()) : r;
    }

    static double[] losses(List<StepResult> results) {
        return results.stream().flatMapToDouble(r -> java.util.stream.DoubleStream.of(r.trainLoss(), r.valLoss(), r.gradNorm())).toArray();
    }
}
