package dev.bitnet4j.train.nn;

import dev.bitnet4j.BitNetException;
import dev.bitnet4j.model.ModelConfig;
import dev.bitnet4j.model.ModelShape;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** TrainModel's contract beyond its gradients: thread-count independence and clear errors. */
class TrainModelTest {
    private final ModelConfig config = TinyModels.config(new ModelShape(64, 128, 1, 4, 2, 256));
    private final Random rng = new Random(9);

    /** A shape where the matmuls, attention and the loss all share their work among threads. */
    @Test
    void lossAndGradientsDoNotDependOnTheThreadCount() {
        int B = 2, T = 32;
        int[][] tokens = TinyModels.tokens(rng, B, T, config.vocabSize()), targets = TinyModels.tokens(rng, B, T, config.vocabSize());
        Params one = Params.init(config, 4, Params.INIT_STD), three = one.copy();
        double l1, l3;
        try (Matmul a = Matmul.vector(1); Matmul b = Matmul.vector(3)) {
            TrainModel m1 = new TrainModel(one, Quantization.TERNARY, a, B, T), m3 = new TrainModel(three, Quantization.TERNARY, b, B, T);
            l1 = m1.forward(tokens, targets, null, Reduction.SUM);
            l3 = m3.forward(tokens, targets, null, Reduction.SUM);
            m1.backward();
            m3.backward();
        }
        assertEquals(l1, l3, 0);
        for (Param p : one.all()) assertArrayEquals(p.grad(), three.get(p.name()).grad(), p.name());
        assertTrue(l1 > 0);
    }

    /** DPO's reference: layers sharing one set of activations give the very log-probs of a trainable model. */
    @Test
    void aFrozenModelScoresAsTheTrainableOneAndHasNoBackward() {
        ModelConfig deep = TinyModels.config(new ModelShape(32, 64, 3, 4, 2, 64));
        int B = 3, T = 12;
        int[][] tokens = TinyModels.tokens(rng, B, T, deep.vocabSize()), targets = TinyModels.tokens(rng, B, T, deep.vocabSize());
        Params p = Params.init(deep, 2, 0.1);
        try (Matmul mm = Matmul.vector(2)) {
            TrainModel frozen = TrainModel.frozen(p, Quantization.TERNARY, mm, B, T);
            double[] expected = new TrainModel(p, Quantization.TERNARY, mm, B, T).sequenceLogProbs(tokens, targets, null);
            assertArrayEquals(expected, frozen.sequenceLogProbs(tokens, targets, null));
            assertArrayEquals(expected, frozen.sequenceLogProbs(tokens, targets, null), "a second pass reuses the shared arrays cleanly");
            IllegalStateException e = assertThrows(IllegalStateException.class, frozen::backward);
            assertTrue(e.getMessage().contains("frozen"), e.getMessage());
        }
    }

    @Test
    void badInputsGetClearErrors() {
        ModelConfig tiny = TinyModels.config();
        try (Matmul mm = Matmul.scalar()) {
            TrainModel m = new TrainModel(Params.init(tiny, 1, Params.INIT_STD), Quantization.TERNARY, mm, 1, 3);
            BitNetException token = assertThrows(BitNetException.class, () -> m.forward(new int[][]{{1, 32, 0}}));
            assertTrue(token.getMessage().contains("token id 32 is outside the vocabulary (0..31)"), token.getMessage());
            BitNetException target = assertThrows(BitNetException.class,
                    () -> m.forward(new int[][]{{1, 2, 0}}, new int[][]{{1, -1, 0}}, null, Reduction.MEAN));
            assertTrue(target.getMessage().contains("target id -1"), target.getMessage());
            m.forward(new int[][]{{1, 2, 0}}, new int[][]{{1, -1, 0}}, new boolean[][]{{true, false, true}}, Reduction.MEAN);
            assertThrows(IllegalArgumentException.class, () -> m.forward(new int[][]{{1, 2}}));
            assertThrows(IllegalStateException.class, () -> {
                m.forward(new int[][]{{1, 2, 3}});
                m.backward();
            });
        }
        ModelConfig untied = ModelConfig.fromJson(new ModelShape(8, 16, 2, 2, 1, 32).config(false).put("tie_word_embeddings", false), "t");
        assertThrows(BitNetException.class, () -> Params.zeros(untied));
    }
}
