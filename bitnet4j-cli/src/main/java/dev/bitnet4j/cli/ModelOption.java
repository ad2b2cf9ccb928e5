package dev.bitnet4j.cli;

import dev.bitnet4j.model.BitNetModel;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** --model, shared by every command that runs a model. */
final class ModelOption {
    @Option(names = {"-m", "--model"}, required = true,
            description = "Model folder in the Hugging Face layout (packed or bf16 master weights).")
    Path path;

    BitNetModel load() {
        return BitNetModel.load(path);
    }
}
