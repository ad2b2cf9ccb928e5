package dev.bitnet4j.cli;

import dev.bitnet4j.train.loop.Recipe;
import dev.bitnet4j.train.loop.TrainOptions;
import dev.bitnet4j.train.sft.StartModel;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.function.Function;

/** The start model, the data and the learning rate of sft and dpo: a warmup, then a cosine from --lr to --min-lr. */
final class FineTuneOptions {
    @Option(names = {"-m", "--model"}, required = true,
            description = "The model to start from: a folder (packed, or bf16 master weights such as a run's OUT/bf16) or a GGUF file.")
    Path model;

    @Option(names = "--data", required = true, paramLabel = "FILE.jsonl", description = "The training records.")
    Path data;

    @Option(names = "--val", paramLabel = "FILE.jsonl", description = "Held-out records, evaluated before training, every --eval-every steps and at the end.")
    Path val;

    @Option(names = "--lr", description = "Peak learning rate (default: 3e-4 for sft, 1e-4 for dpo).")
    Double lr;

    @Option(names = "--weight-decay", defaultValue = "0", description = "Peak weight decay, along a cosine to 0 (default: ${DEFAULT-VALUE}).")
    double weightDecay;

    /**
     * Checks the options, then opens the start model and runs the recipe it makes (reading the data) into --out;
     * {@code defaultLr} where --lr is not given.
     */
    void run(RunOptions run, double defaultLr, Function<StartModel, Recipe> recipe, PrintWriter err) {
        TrainOptions options = run.options(lr != null ? lr : defaultLr, run.minLr, null, weightDecay, false);
        run.run(recipe.apply(StartModel.open(model)), options, err);
    }
}
