package dev.bitnet4j.server;

import dev.bitnet4j.model.BitNetModel;
import dev.bitnet4j.model.ModelShape;
import dev.bitnet4j.model.RandomModel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A tiny random model with the real Llama 3 tokenizer, written and loaded once per test JVM: small
 * dimensions so it generates fast, but the full 128256-token vocabulary so every tokenizer id is valid.
 */
final class TestModel {
    static final Path TOKENIZER_FIXTURES = Path.of("../bitnet4j-core/src/test/resources/fixtures/tokenizer");
    static final ModelShape SHAPE = new ModelShape(64, 160, 2, 4, 2, 128256);

    private static BitNetModel model;

    private TestModel() {}

    static synchronized BitNetModel get() {
        if (model == null) {
            try {
                Path dir = Files.createTempDirectory("bitnet4j-server-test").resolve("tiny-llama3");
                RandomModel.write(SHAPE, 11, RandomModel.Layout.PACKED, dir, false);
                for (String f : new String[]{"tokenizer.json", "tokenizer_config.json", "chat_template.jinja"}) {
                    Files.copy(TOKENIZER_FIXTURES.resolve(f), dir.resolve(f));
                }
                model = BitNetModel.load(dir, 1);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return model;
    }
}
