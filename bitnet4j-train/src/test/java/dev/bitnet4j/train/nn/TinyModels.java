package dev.bitnet4j.train.nn;

import dev.bitnet4j.model.ModelConfig;
import dev.bitnet4j.model.ModelShape;

import java.util.Random;

/** Tiny shapes and token batches for the model tests. */
final class TinyModels {
    private TinyModels() {}

    /** H 8, I 16, 2 layers, 2 heads of 4, 1 KV head, vocabulary 32. */
    static ModelConfig config() {
        return config(new ModelShape(8, 16, 2, 2, 1, 32));
    }

    static ModelConfig config(ModelShape shape) {
        return ModelConfig.fromJson(shape.config(false), "test shape " + shape);
    }

    static int[][] tokens(Random rng, int batch, int seqLen, int vocab) {
        int[][] t = new int[batch][seqLen];
        for (int[] row : t) for (int i = 0; i < seqLen; i++) row[i] = rng.nextInt(vocab);
        return t;
    }
}
