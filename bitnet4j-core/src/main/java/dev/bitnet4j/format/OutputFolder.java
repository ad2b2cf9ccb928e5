package dev.bitnet4j.format;

import dev.bitnet4j.BitNetException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** The folder a command writes a model into: created when missing, and never silently mixed with another model. */
public final class OutputFolder {
    private OutputFolder() {}

    /**
     * Creates {@code dir} if needed. A folder that exists and is not empty is refused unless {@code force}
     * (the caller then replaces only its own files, each atomically, and leaves the others alone), and always
     * when it holds a shard index, which loaders would read instead of the new model.safetensors.
     */
    public static void prepare(Path dir, boolean force) {
        try {
            if (!Files.exists(dir)) {
                Files.createDirectories(dir);
                return;
            }
            if (!Files.isDirectory(dir)) throw new BitNetException(dir + ": exists and is not a folder");
            boolean empty;
            try (Stream<Path> files = Files.list(dir)) {
                empty = files.findAny().isEmpty();
            }
            if (!empty && !force) {
                throw new BitNetException(dir + ": exists and is not empty; choose a new folder or pass --force");
            }
            if (Files.exists(dir.resolve(HfCheckpoint.INDEX))) {   // loaders would read the old shards instead
                throw new BitNetException(dir + ": holds " + HfCheckpoint.INDEX + ", which takes precedence over the "
                        + HfCheckpoint.SINGLE + " this would write; remove it or choose a new folder");
            }
        } catch (IOException e) {
            throw new BitNetException(dir + ": cannot prepare the folder (" + e.getMessage() + ")", e);
        }
    }

}
