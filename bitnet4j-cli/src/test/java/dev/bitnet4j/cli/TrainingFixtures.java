package dev.bitnet4j.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The corpora, tokenizers and token files that the training-command tests start from. They are made with the
 * CLI's own train-tokenizer and prepare-data, as a user would make them, and each step fails the test when its
 * command fails, so that a broken setup is not reported as a failure of the command under test.
 */
final class TrainingFixtures {
    private TrainingFixtures() {}

    /** A tokenizer folder and the token file prepared with it. */
    record Prepared(Path tokenizer, Path data) {}

    /**
     * {@code count} documents of Moby-Dick's opening lines, each ending in its number so that no two are the
     * same: enough repetition for a tiny model's loss to fall within a few steps.
     */
    static List<Path> ishmael(Path folder, int count) throws IOException {
        return documents(folder, count, i -> "Call me Ishmael. Some years ago, never mind how long precisely, "
                + "having little or no money in my purse, I thought I would sail about a little. " + i);
    }

    /** Documents doc0.txt, doc1.txt, ... with the given texts, written into folder; returned in that order. */
    static List<Path> documents(Path folder, int count, IntFunction<String> text) throws IOException {
        Files.createDirectories(folder);
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < count; i++) files.add(Files.writeString(folder.resolve("doc" + i + ".txt"), text.apply(i)));
        return files;
    }

    /**
     * A {@code vocab}-token tokenizer trained on the inputs into dir/tok, and dir/data.bin prepared with it from
     * the same inputs, {@code valFraction} of the documents held out.
     */
    static Prepared prepare(Path dir, List<Path> inputs, int vocab, String valFraction, String... tokenizerOptions) {
        Prepared p = new Prepared(dir.resolve("tok"), dir.resolve("data.bin"));
        trainTokenizer(p.tokenizer(), vocab, inputs, tokenizerOptions);
        prepareData(p.tokenizer(), p.data(), inputs, "--val-fraction", valFraction);
        return p;
    }

    /** train-tokenizer, which must succeed; its result is returned for the tests that check what it printed. */
    static Cli trainTokenizer(Path out, int vocab, List<Path> inputs, String... options) {
        return succeeds(List.of("train-tokenizer", "--vocab", Integer.toString(vocab), "--out", out.toString()), options, inputs);
    }

    /** prepare-data, which must succeed; its result is returned for the tests that check what it printed. */
    static Cli prepareData(Path tokenizer, Path out, List<Path> inputs, String... options) {
        return succeeds(List.of("prepare-data", "--tokenizer", tokenizer.toString(), "--out", out.toString()), options, inputs);
    }

    /** Runs the command with its options and --input files; fails the test, naming the command line, unless it exits 0. */
    private static Cli succeeds(List<String> command, String[] options, List<Path> inputs) {
        List<String> args = new ArrayList<>(command);
        args.addAll(List.of(options));
        args.add("--input");
        for (Path p : inputs) args.add(p.toString());
        Cli c = Cli.run(args.toArray(String[]::new));
        assertEquals(0, c.exit(), String.join(" ", args) + ": " + c.err());
        return c;
    }
}
