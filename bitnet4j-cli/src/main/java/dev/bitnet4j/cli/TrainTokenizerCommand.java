package dev.bitnet4j.cli;

import dev.bitnet4j.tokenizer.VocabularyData;
import dev.bitnet4j.train.tokenizer.TokenizerTrainer;
import dev.bitnet4j.train.tokenizer.WordCounts;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "train-tokenizer", mixinStandardHelpOptions = true,
        description = "Train a byte-level BPE tokenizer (Llama 3 pre-tokenizer, 2B4T special tokens and chat template) on a corpus "
                + "and write tokenizer.json, tokenizer_config.json and chat_template.jinja.")
final class TrainTokenizerCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CorpusOptions corpus;

    @Option(names = "--vocab", required = true, description = "The vocabulary size, the 256 bytes and the 3 special tokens included.")
    int vocab;

    @Option(names = "--min-frequency", defaultValue = "" + TokenizerTrainer.DEFAULT_MIN_FREQUENCY,
            description = "The least count of a pair to merge (default: ${DEFAULT-VALUE}).")
    long minFrequency;

    @Option(names = "--out", required = true, description = "The folder to write the tokenizer into.")
    Path out;

    @Override
    public Integer call() {
        long t0 = System.nanoTime();
        WordCounts words = new WordCounts();
        corpus.corpus().forEachDocument(words::add);
        long t1 = System.nanoTime();
        VocabularyData vocabulary = TokenizerTrainer.train(words, vocab, minFrequency);
        TokenizerTrainer.write(vocabulary, String.valueOf(corpus.inputs), out);
        spec.commandLine().getErr().printf(Locale.ROOT,
                "counted %,d words (%,d different) in %.1f s; learned %,d merges in %.1f s; wrote a %,d-token tokenizer to %s%n",
                words.total(), words.distinct(), (t1 - t0) / 1e9, vocabulary.merges().size(), (System.nanoTime() - t1) / 1e9,
                vocabulary.size(), out);
        return 0;
    }
}
