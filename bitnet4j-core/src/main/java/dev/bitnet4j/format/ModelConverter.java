package dev.bitnet4j.format;

import dev.bitnet4j.BitNetException;
import dev.bitnet4j.ModelAssets;
import dev.bitnet4j.format.gguf.GgmlType;
import dev.bitnet4j.format.gguf.GgufExport;
import dev.bitnet4j.model.BitNetWeights;
import dev.bitnet4j.model.ModelConfig;
import dev.bitnet4j.tokenizer.TokenizerJsonWriter;
import dev.bitnet4j.tokenizer.VocabularyData;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Converts a model between the layouts bitnet4j reads: Hugging Face folders (packed or bf16 master weights)
 * and GGUF files (I2_S, TQ1_0, TQ2_0). The ternary weights and scales pass through exactly (the bf16 layout
 * stores no scale; see {@link HfExport}); the tokenizer and chat template go along.
 */
public final class ModelConverter {
    private ModelConverter() {}

    /** What {@code convert --to} accepts. */
    public enum Target {
        HF_PACKED("hf-packed"), HF_BF16("hf-bf16"), GGUF_I2S("gguf-i2s"), GGUF_TQ1("gguf-tq1"), GGUF_TQ2("gguf-tq2");

        public final String label;

        Target(String label) {
            this.label = label;
        }

        public static Target parse(String s) {
            for (Target t : values()) if (t.label.equals(s.strip().toLowerCase(Locale.ROOT))) return t;
            throw new BitNetException("--to must be one of " + List.of(values()).stream().map(t -> t.label).toList() + ", found '" + s + "'");
        }

        public boolean isGguf() {
            return name().startsWith("GGUF");
        }
    }

    /** Files beside config.json that describe the tokenizer and generation, copied as they are. */
    private static final List<String> SIDE_FILES = List.of("tokenizer.json", "tokenizer_config.json", "chat_template.jinja",
            "special_tokens_map.json", "generation_config.json");

    /**
     * Converts the model at {@code from} (a folder or a .gguf file) to {@code to} at {@code out}: a folder for
     * the Hugging Face layouts, a file for GGUF. An existing output is refused unless {@code force}.
     * {@code embedType} is the GGUF embedding type (F16, BF16 or F32).
     */
    public static void convert(Path from, Target to, Path out, GgmlType embedType, boolean force) {
        if (Files.exists(out) && from.toAbsolutePath().normalize().equals(out.toAbsolutePath().normalize())) {
            throw new BitNetException(out + ": the output is the input");
        }
        try (Checkpoint ckpt = Checkpoint.open(from); Arena arena = Arena.ofShared()) {
            ModelConfig config = ModelConfig.fromJson(ckpt.config(), ckpt.configSource());
            BitNetWeights weights = BitNetWeights.load(ckpt, config, arena);
            weights.checkCodes(ckpt);
            if (to.isGguf()) {
                Optional<VocabularyData> vocab = ModelAssets.vocabulary(from);
                prepareFile(out, force);
                GgufExport.Target target = GgufExport.Target.valueOf(to.name().substring("GGUF_".length()));
                GgufExport.write(weights, config, vocab, target, embedType, modelName(from), out);
            } else {
                OutputFolder.prepare(out, force);
                HfExport.write(weights, ckpt.config(), to == Target.HF_PACKED ? HfExport.Layout.PACKED : HfExport.Layout.BF16, out);
                writeSideFiles(from, out);
            }
        }
    }

    /**
     * Tokenizer and generation files of the model at {@code from} (a folder or a .gguf file) into the folder
     * {@code out}: copied from the folder that has them, else tokenizer.json written from the GGUF metadata.
     */
    public static void writeSideFiles(Path from, Path out) {
        Optional<Path> dir = ModelAssets.tokenizerFolder(from);
        if (dir.isEmpty()) {
            ModelAssets.vocabulary(from).ifPresent(v -> TokenizerJsonWriter.write(v, from.toString(), out));
            return;
        }
        for (String name : SIDE_FILES) {
            Path src = dir.get().resolve(name);
            if (!Files.isRegularFile(src)) continue;
            try {
                AtomicFile.write(out.resolve(name), Files.readAllBytes(src));
            } catch (IOException e) {
                throw new BitNetException(src + ": cannot read (" + e.getMessage() + ")", e);
            }
        }
    }

    private static void prepareFile(Path out, boolean force) {
        if (Files.isDirectory(out)) throw new BitNetException(out + ": is a folder; GGUF output is a file (e.g. model.gguf)");
        if (Files.exists(out) && !force) throw new BitNetException(out + ": exists; choose a new file name or pass --force");
        Path parent = out.toAbsolutePath().getParent();
        try {
            Files.createDirectories(parent);
        } catch (IOException e) {
            throw new BitNetException(parent + ": cannot create the folder (" + e.getMessage() + ")", e);
        }
    }

    private static String modelName(Path from) {
        String n = from.toAbsolutePath().normalize().getFileName().toString();
        return n.endsWith(".gguf") ? n.substring(0, n.length() - 5) : n;
    }
}
