package dev.bitnet4j.train.data;

import dev.bitnet4j.train.tokenizer.TokenizerTrainer;
import dev.bitnet4j.train.tokenizer.WordCounts;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Small documents and a tokenizer trained on them, for the data tests. */
final class TestCorpus {
    private TestCorpus() {}

    static final Path LLAMA3_TOKENIZER = Path.of("../bitnet4j-core/src/test/resources/fixtures/tokenizer");

    /** {@code n} different documents, some non-ASCII. */
    static List<String> documents(int n) {
        List<String> docs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            docs.add("Document " + i + ": the " + (i % 2 == 0 ? "quick brown fox" : "café naïve 😀") + " jumps " + "over ".repeat(i % 5)
                    + "the lazy dog.\nSecond line of " + i + ".");
        }
        return docs;
    }

    /** A tokenizer of 320 ids trained on {@link #documents}, written into {@code folder}. */
    static Path tokenizer(Path folder) {
        WordCounts words = new WordCounts();
        documents(50).forEach(words::add);
        TokenizerTrainer.write(TokenizerTrainer.train(words, 320, 2), "test corpus", folder);
        return folder;
    }

    /** Writes each document as its own text file; returns the files in document order. */
    static List<Path> textFiles(Path folder, List<String> docs) throws IOException {
        Files.createDirectories(folder);
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < docs.size(); i++) files.add(Files.writeString(folder.resolve(String.format("doc%03d.txt", i)), docs.get(i)));
        return files;
    }
}
