package dev.bitnet4j.cli;

import dev.bitnet4j.BitNetException;
import dev.bitnet4j.model.ModelShape;
import dev.bitnet4j.model.RandomModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "make-model", mixinStandardHelpOptions = true,
        description = "Write a random BitNet model in the official Hugging Face layout (for tests and benchmarks).")
final class MakeModelCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--shape", required = true,
            description = "tiny, mini, 2b4t, or H,I,L,HEADS,KV,VOCAB (hidden, intermediate, layers, heads, KV heads, vocabulary).")
    String shape;

    @Option(names = "--seed", defaultValue = "0", description = "Random seed; one seed gives one model in both layouts (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--layout", defaultValue = "packed",
            description = "packed (U8 ternary + weight_scale, as microsoft/bitnet-b1.58-2B-4T) or bf16 (master weights) (default: ${DEFAULT-VALUE}).")
    String layout;

    @Option(names = "--out", required = true, description = "Folder to write config.json and model.safetensors into.")
    Path out;

    @Option(names = "--force", description = "Write into a folder that is not empty (replaces only config.json and model.safetensors).")
    boolean force;

    @Override
    public Integer call() {
        RandomModel.Layout l = switch (layout.toLowerCase(Locale.ROOT)) {
            case "packed" -> RandomModel.Layout.PACKED;
            case "bf16" -> RandomModel.Layout.BF16;
            default -> throw new BitNetException("--layout must be packed or bf16, found '" + layout + "'");
        };
        ModelShape s = ModelShape.parse(shape);
        long t0 = System.nanoTime();
        RandomModel.write(s, seed, l, out, force);
        spec.commandLine().getErr().printf(Locale.ROOT, "wrote %s model %s (seed %d) to %s in %.1f s%n",
                layout, s, seed, out, (System.nanoTime() - t0) / 1e9);
        return 0;
    }
}
