package dev.bitnet4j.cli;

import dev.bitnet4j.train.loop.TrainOptions;
import picocli.CommandLine.Option;

import java.nio.file.Path;

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

    /** The run's hyper-parameters (null on resume), with {@code defaultLr} where --lr is not given. */
    TrainOptions options(RunOptions run, double defaultLr) {
        return run.options(lr != null ? lr : defaultLr, run.minLr, null, weightDecay, false);
    }
}
