package dev.bitnet4j.cli;

import dev.bitnet4j.train.data.DataPreparer;
import dev.bitnet4j.train.data.TokenFileHeader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "prepare-data", mixinStandardHelpOptions = true,
        description = "Tokenize text and JSONL files into one token file for training: documents followed by EOS, shuffled by "
                + "the seed, split into train and validation by documents.")
final class PrepareDataCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--tokenizer", required = true, description = "A folder with tokenizer.json and tokenizer_config.json (its eos_token joins documents).")
    Path tokenizer;

    @Mixin
    CorpusOptions corpus;

    @Option(names = "--out", required = true, description = "The token file to write.")
    Path out;

    @Option(names = "--val-fraction", defaultValue = "0.05", description = "The share of documents held out for validation (default: ${DEFAULT-VALUE}).")
    double valFraction;

    @Option(names = "--seed", defaultValue = "0", description = "The shuffle seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() {
        long t0 = System.nanoTime();
        TokenFileHeader h = DataPreparer.prepare(tokenizer, corpus.corpus(), out, valFraction, seed);
        spec.commandLine().getErr().printf(Locale.ROOT,
                "wrote %s: train %,d tokens in %,d documents, validation %,d tokens in %,d documents (vocabulary %,d, %d bytes per token) in %.1f s%n",
                out, h.trainTokens(), h.trainDocuments(), h.valTokens(), h.valDocuments(), h.vocabSize(), h.tokenBytes(),
                (System.nanoTime() - t0) / 1e9);
        return 0;
    }
}
