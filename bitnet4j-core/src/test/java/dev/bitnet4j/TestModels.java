package dev.bitnet4j;

import dev.bitnet4j.model.ModelShape;
import dev.bitnet4j.model.RandomModel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Small random models with the real Llama 3 tokenizer files, for tests that need text. */
public final class TestModels {
    private TestModels() {}

    /** A 1-layer random model with the full 128,256-token vocabulary, plus tokenizer.json and tokenizer_config.json. */
    public static Path withTokenizer(Path dir, long seed) throws IOException {
        RandomModel.write(new ModelShape(64, 128, 1, 4, 2, 128256), seed, RandomModel.Layout.PACKED, dir, false);
        for (String f : new String[]{"tokenizer.json", "tokenizer_config.json"}) {
            Files.copy(Fixtures.resource("fixtures/tokenizer/" + f), dir.resolve(f));
        }
        return dir;
    }
}
