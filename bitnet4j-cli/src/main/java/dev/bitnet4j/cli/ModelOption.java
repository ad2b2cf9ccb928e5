package dev.bitnet4j.cli;

import dev.bitnet4j.model.BitNetModel;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** --model, shared by every command that runs a model. */
final class ModelOption {
    @Option(names = {"-m", "--model"}, required = true,
            description = "Model: a Hugging Face folder (packed or bf16 master weights) or a GGUF file (I2_S, TQ1_0, TQ2_0).")
    Path path;

    @Mixin
    ThreadsOption threads;

    @Option(names = "--lm-head", defaultValue = "bf16",
            description = "bf16 (exact, default) or q8: an int8 copy with one scale per row, half the bytes per token.")
    String lmHead;

    BitNetModel load() {
        return BitNetModel.load(path, threads.count(), dev.bitnet4j.model.LmHead.parse(lmHead));
    }
}
