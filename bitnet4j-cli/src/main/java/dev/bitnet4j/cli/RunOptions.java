package dev.bitnet4j.cli;

import dev.bitnet4j.BitNetException;
import dev.bitnet4j.format.ModelConverter;
import dev.bitnet4j.format.gguf.GgmlType;
import dev.bitnet4j.train.loop.ProgressDisplay;
import dev.bitnet4j.train.loop.Recipe;
import dev.bitnet4j.train.loop.StepResult;
import dev.bitnet4j.train.loop.TrainOptions;
import dev.bitnet4j.train.loop.TrainingRun;
import dev.bitnet4j.train.nn.Matmul;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The options train, sft and dpo share: the output folder, the steps and batches, the schedule's warmup and end,
 * clipping, evaluation and checkpoints, resuming, threads. The learning rate and weight decay are each command's
 * own (their defaults differ).
 */
final class RunOptions {
    @Option(names = "--out", required = true, description = "The output folder (new or empty; with --resume, the interrupted run's).")
    Path out;

    @Option(names = "--steps", description = "Optimizer steps (required unless --resume).")
    Long steps;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of the initial weights and of every batch (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--batch", defaultValue = "8", description = "Sequences (SFT: conversations; DPO: pairs) per micro-batch (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--context", defaultValue = "256", description = "Tokens per sequence; longer conversations are cut (default: ${DEFAULT-VALUE}).")
    int context;

    @Option(names = "--accum", defaultValue = "1", description = "Micro-batches per step, gradients averaged (default: ${DEFAULT-VALUE}).")
    int accum;

    @Option(names = "--warmup", description = "Warmup steps (default: 375, or a tenth of --steps when that is fewer).")
    Long warmup;

    @Option(names = "--min-lr", defaultValue = "0", description = "Learning rate of the last step (default: ${DEFAULT-VALUE}).")
    double minLr;

    @Option(names = "--clip", defaultValue = "1.0", description = "Maximum global gradient norm, 0 for none (default: ${DEFAULT-VALUE}).")
    double clip;

    @Option(names = "--eval-every", defaultValue = "100", description = "Steps between held-out evaluations, 0 for none (default: ${DEFAULT-VALUE}).")
    int evalEvery;

    @Option(names = "--eval-batches", defaultValue = "8", description = "Held-out batches per evaluation (default: ${DEFAULT-VALUE}).")
    int evalBatches;

    @Option(names = "--checkpoint-every", defaultValue = "200", description = "Steps between checkpoints, 0 for none (default: ${DEFAULT-VALUE}).")
    int checkpointEvery;

    @Option(names = "--resume", description = "Continue the run in --out from its checkpoint, with its stored hyper-parameters (give the same data and settings).")
    boolean resume;

    @Mixin
    ThreadsOption threads;

    @Option(names = "--reference-kernels", description = "The plain scalar kernels on one thread, which the vector kernels are tested against (slow; for checking a result).")
    boolean referenceKernels;

    /** How progress is shown: {@link TerminalProgress} or {@link ProgressDisplay#lines}. */
    enum Progress { auto, bar, lines }

    @Option(names = "--progress", defaultValue = "auto", description = "bar (a progress bar redrawn in place), lines (a line every few "
            + "seconds, as in a log) or auto: a bar when standard error is a terminal, else lines (default: ${DEFAULT-VALUE}).")
    Progress progress;

    /** The GGUF file written beside the exported model folder. */
    enum Gguf { i2s, tq2, tq1, none }

    @Option(names = "--gguf", defaultValue = "i2s", description = "Also write the model as OUT/model-TYPE.gguf: i2s (bitnet.cpp), tq2 or tq1 "
            + "(llama.cpp; rows of a multiple of 256 weights), or none (default: ${DEFAULT-VALUE}).")
    Gguf gguf;

    /**
     * The hyper-parameters of a new run (null on resume, where the checkpoint's are used). Called before any data
     * is read, so it also checks the options that only {@link #run} uses.
     */
    TrainOptions options(double lr, double lr2, Long cooldownStart, double weightDecay, boolean fullPrecision) {
        threads.count();
        if (resume) return null;
        if (steps == null) throw new BitNetException("--steps is required (unless --resume)");
        long w = warmup != null ? warmup : Math.min(375, steps / 10);
        long c = cooldownStart != null ? cooldownStart : steps;
        return new TrainOptions(batch, context, accum, steps, seed, lr, lr2, w, Math.max(w, c), minLr, weightDecay, clip, evalEvery,
                evalBatches, checkpointEvery, fullPrecision);
    }

    /** Runs {@code recipe} into --out and says what it wrote. */
    void run(Recipe recipe, TrainOptions options, PrintWriter err) {
        int n = threads.count();
        Supplier<Matmul> matmul = referenceKernels ? Matmul::scalar : () -> Matmul.vector(n);
        long t0 = System.nanoTime();
        StepResult last = new TrainingRun(recipe, options, out, resume, matmul).run(err,
                run -> progress == Progress.bar || progress == Progress.auto && TerminalProgress.available()
                        ? TerminalProgress.onStandardError(run) : ProgressDisplay.lines(run, err));
        writeGguf(err);
        err.printf(Locale.ROOT, "wrote %s in %.1f s%s%n", out, (System.nanoTime() - t0) / 1e9,
                last == null ? " (nothing left to train)" : String.format(Locale.ROOT, "; last train loss %.4f", last.trainLoss()));
        err.flush();
    }

    /**
     * OUT/model-TYPE.gguf from the exported folder, so bitnet.cpp or llama.cpp runs the model as it is. A shape the
     * format cannot hold is a warning, not a failure: the trained model is already safe in the folder.
     */
    private void writeGguf(PrintWriter err) {
        if (gguf == Gguf.none) return;
        Path file = out.resolve("model-" + gguf + ".gguf");
        try {
            ModelConverter.convert(out, ModelConverter.Target.parse("gguf-" + gguf), file, GgmlType.F16, true);
        } catch (BitNetException e) {
            err.println("warning: no " + file.getFileName() + " written (" + e.getMessage() + "); the model folder is complete");
        }
    }
}
