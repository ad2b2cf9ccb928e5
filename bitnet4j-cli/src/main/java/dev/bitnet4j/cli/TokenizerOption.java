package dev.bitnet4j.cli;

import dev.bitnet4j.BitNetException;
import dev.bitnet4j.ModelAssets;
import dev.bitnet4j.tokenizer.Tokenizer;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** --model for the commands that need only the tokenizer: a model folder, or one holding only tokenizer files. */
final class TokenizerOption {
    @Option(names = {"-m", "--model"}, required = true,
            description = "Model folder or .gguf file, or a folder with only tokenizer.json (and tokenizer_config.json).")
    Path path;

    Tokenizer load() {
        return ModelAssets.tokenizer(path).orElseThrow(() -> new BitNetException(path + ": no tokenizer (no " + Tokenizer.FILE + ", no GGUF vocabulary)"));
    }
}
