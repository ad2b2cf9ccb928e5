package dev.bitnet4j.cli;

import dev.bitnet4j.BitNetException;
import dev.bitnet4j.format.ModelConverter;
import dev.bitnet4j.format.gguf.GgmlType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "convert", mixinStandardHelpOptions = true,
        description = {"Convert a model between Hugging Face folders and GGUF files, losslessly for the ternary weights and scales.",
                "GGUF files load in bitnet.cpp (gguf-i2s) and llama.cpp (gguf-tq1, gguf-tq2); the tokenizer and chat template go along."})
final class ConvertCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--from", required = true, description = "Model to read: a Hugging Face folder (packed or bf16) or a .gguf file.")
    Path from;

    @Option(names = "--to", required = true,
            description = "hf-packed, hf-bf16 (folders), gguf-i2s (bitnet.cpp), gguf-tq1 or gguf-tq2 (llama.cpp) (files).")
    String to;

    @Option(names = "--out", required = true, description = "Folder (hf-*) or file (gguf-*) to write.")
    Path out;

    @Option(names = "--embedding-type", defaultValue = "f16",
            description = "GGUF type of token_embd: f16 (what bitnet.cpp and llama.cpp write), bf16 or f32 (exact for a bf16 embedding) (default: ${DEFAULT-VALUE}).")
    String embeddingType;

    @Option(names = "--force", description = "Replace an existing output file, or write into a folder that is not empty.")
    boolean force;

    @Override
    public Integer call() {
        ModelConverter.Target target = ModelConverter.Target.parse(to);
        GgmlType embed = switch (embeddingType.toLowerCase(Locale.ROOT)) {
            case "f16" -> GgmlType.F16;
            case "bf16" -> GgmlType.BF16;
            case "f32" -> GgmlType.F32;
            default -> throw new BitNetException("--embedding-type must be f16, bf16 or f32, found '" + embeddingType + "'");
        };
        long t0 = System.nanoTime();
        ModelConverter.convert(from, target, out, embed, force);
        spec.commandLine().getErr().printf(Locale.ROOT, "wrote %s (%s) in %.1f s%n", out, target.label, (System.nanoTime() - t0) / 1e9);
        return 0;
    }
}
