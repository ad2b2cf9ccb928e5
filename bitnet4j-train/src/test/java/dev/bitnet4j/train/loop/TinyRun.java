package dev.bitnet4j.train.loop;

import dev.bitnet4j.model.ModelConfig;
import dev.bitnet4j.model.ModelShape;
import dev.bitnet4j.train.data.Corpus;
import dev.bitnet4j.train.data.DataPreparer;
import dev.bitnet4j.train.tokenizer.TokenizerTrainer;
import dev.bitnet4j.train.tokenizer.WordCounts;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A tokenizer, a token file of repeating sentences and a tiny model shape, for the loop tests. */
final class TinyRun {
    private TinyRun() {}

    static final String[] SENTENCES = {
            "the quick brown fox jumps over the lazy dog.", "a stitch in time saves nine.",
            "all that glitters is not gold.", "the early bird catches the worm."};

    /** 40 documents, each a few of the sentences in a fixed rotation. */
    static List<String> documents() {
        List<String> docs = new ArrayList<>();
        for (int i = 0; i < 40; i++) docs.add(String.join(" ", SENTENCES[i % 4], SENTENCES[(i + 1) % 4], SENTENCES[(i + 2) % 4]));
        return docs;
    }

    /** Writes tokenizer/ (vocabulary 300) and data.bin (10% validation) under {@code dir}; returns the token file. */
    static Path prepare(Path dir) throws IOException {
        Path tokenizer = tokenizer(dir);
        List<Path> files = new ArrayList<>();
        List<String> docs = documents();
        Files.createDirectories(dir.resolve("text"));
        for (int i = 0; i < docs.size(); i++) files.add(Files.writeString(dir.resolve("text/doc" + i + ".txt"), docs.get(i)));
        Path data = dir.resolve("data.bin");
        DataPreparer.prepare(tokenizer, Corpus.of(files), data, 0.1, 7);
        return data;
    }

    static Path tokenizer(Path dir) {
        WordCounts words = new WordCounts();
        documents().forEach(words::add);
        Path folder = dir.resolve("tokenizer");
        TokenizerTrainer.write(TokenizerTrainer.train(words, 300, 2), "tiny run", folder);
        return folder;
    }

    /** H 16, I 32, 2 layers, 2 heads, 1 KV head, over {@code vocab}. */
    static ModelConfig config(int vocab) {
        return ModelConfig.fromJson(new ModelShape(16, 32, 2, 2, 1, vocab).config(false), "tiny run");
    }

    /** Batch 4 × context 16, accumulation 2, LR 4e-2 → 2e-2 (a model this small takes a high one), warmup 5, eval every 10 steps over 2 batches. */
    static TrainOptions options(long steps, int checkpointEvery) {
        return new TrainOptions(4, 16, 2, steps, 42, 4e-2, 2e-2, 5, steps / 2, 1e-4, 0.1, 1.0, 10, 2, checkpointEvery, false);
    }
}
