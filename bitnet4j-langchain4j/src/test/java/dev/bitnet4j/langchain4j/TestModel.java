package dev.bitnet4j.langchain4j;

import dev.bitnet4j.model.ModelShape;
import dev.bitnet4j.model.RandomModel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A tiny random model folder with the real Llama 3 tokenizer and the 2B4T chat template, written once per
 * test JVM: small dimensions so it generates fast, the full vocabulary so every tokenizer id is valid.
 */
final class TestModel {
    static final Path TOKENIZER_FIXTURES = Path.of("../bitnet4j-core/src/test/resources/fixtures/tokenizer");
    static final ModelShape SHAPE = new ModelShape(64, 160, 2, 4, 2, 128256);

    private static Path folder;

    private TestModel() {}

    static synchronized Path folder() {
        if (folder == null) {
            try {
                Path dir = Files.createTempDirectory("bitnet4j-langchain4j-test").resolve("tiny-llama3");
                RandomModel.write(SHAPE, 11, RandomModel.Layout.PACKED, dir, false);
                for (String f : new String[]{"tokenizer.json", "tokenizer_config.json", "chat_template.jinja"}) {
                    Files.copy(TOKENIZER_FIXTURES.resolve(f), dir.resolve(f));
                }
                folder = dir;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return folder;
    }
}
