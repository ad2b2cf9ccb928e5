package dev.bitnet4j.format;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bitnet4j.BitNetException;
import dev.bitnet4j.format.gguf.GgufCheckpoint;
import dev.bitnet4j.tensor.Tensor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The weights and config of a model, whatever file layout holds them: tensors under their Hugging Face
 * names and a config in the form of Hugging Face's config.json. The engine sees nothing else, so every
 * layout runs through the same binding and the same kernels.
 */
public interface Checkpoint extends AutoCloseable {

    /**
     * Opens a model path: a Hugging Face folder ({@link HfCheckpoint}), a {@code .gguf} file
     * ({@link GgufCheckpoint}), or a folder without config.json that holds exactly one {@code .gguf} file.
     */
    static Checkpoint open(Path path) {
        if (!Files.exists(path)) throw new BitNetException(path + ": model not found (no such folder or .gguf file)");
        Optional<Path> gguf = ggufFile(path);
        if (gguf.isPresent()) return GgufCheckpoint.open(gguf.get());
        if (Files.isRegularFile(path)) {
            throw new BitNetException(path + ": expected a model folder (config.json + *.safetensors) or a .gguf file");
        }
        return HfCheckpoint.open(path);
    }

    /**
     * The GGUF file a model path names: the path itself when it is a GGUF file, or the one .gguf file of a
     * folder that has no config.json. Empty for anything else (more than one .gguf is an error).
     */
    static Optional<Path> ggufFile(Path path) {
        if (Files.isRegularFile(path)) return isGguf(path) ? Optional.of(path) : Optional.empty();
        if (!Files.isDirectory(path) || Files.exists(path.resolve(HfCheckpoint.CONFIG))) return Optional.empty();
        List<Path> ggufs = ggufFiles(path);
        if (ggufs.size() > 1) {
            throw new BitNetException(path + ": holds " + ggufs.size() + " .gguf files and no " + HfCheckpoint.CONFIG
                    + "; pass the one to use: " + ggufs.stream().map(p -> p.getFileName().toString()).toList());
        }
        return ggufs.stream().findFirst();
    }

    /** Whether a file is GGUF: by its first four bytes, so a renamed file is still recognised. */
    static boolean isGguf(Path file) {
        try (var in = Files.newInputStream(file)) {
            byte[] magic = in.readNBytes(4);
            return magic.length == 4 && magic[0] == 'G' && magic[1] == 'G' && magic[2] == 'U' && magic[3] == 'F';
        } catch (IOException e) {
            throw new BitNetException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    private static List<Path> ggufFiles(Path folder) {
        try (Stream<Path> s = Files.list(folder)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".gguf") && Files.isRegularFile(p)).sorted().toList();
        } catch (IOException e) {
            throw new BitNetException(folder + ": cannot list (" + e.getMessage() + ")", e);
        }
    }

    /** The path the model was opened from: a folder or a file. */
    Path path();

    /** The files the tensors come from (their size and date key the tile cache). */
    List<Path> files();

    /** The config in config.json form. */
    JsonNode config();

    /** Where {@link #config()} comes from, for error messages. */
    String configSource();

    /** generation_config.json when the model has one. */
    Optional<JsonNode> generationConfig();

    /** Every tensor under its Hugging Face name. */
    Map<String, Tensor> tensors();

    default Optional<Tensor> find(String name) {
        return Optional.ofNullable(tensors().get(name));
    }

    default Tensor get(String name) {
        Tensor t = tensors().get(name);
        if (t == null) throw new BitNetException(path() + ": tensor '" + name + "' is missing from the checkpoint");
        return t;
    }

    @Override
    void close();
}
