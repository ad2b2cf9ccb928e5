package dev.bitnet4j.cli.bench;

import dev.bitnet4j.BitNetException;
import dev.bitnet4j.format.CacheFile;
import dev.bitnet4j.format.HfCheckpoint;
import dev.bitnet4j.model.ModelShape;
import dev.bitnet4j.model.RandomModel;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * Random models for {@code bench --shape}, written once into a cache folder and reused: the 2B4T shape
 * takes ~20 s and 1.2 GB to write. A model is written into a hidden temporary folder beside its final
 * place and renamed there only when complete, so a killed run never leaves half a model under the real
 * name (only a hidden ".*.tmp" folder, which is never read).
 */
public final class ModelCache {
    /** One seed for every cached model, so a shape always means the same weights. */
    public static final long SEED = 1;

    private static final Map<ModelShape, String> PRESETS = Map.of(
            ModelShape.TINY, "tiny", ModelShape.MINI, "mini", ModelShape.B1_58_2B4T, "2b4t");

    private ModelCache() {}

    /** The cache root: {@code dir} if given, else the engine's ({@link CacheFile#root}). */
    public static Path root(Path dir) {
        return dir != null ? dir : CacheFile.root();
    }

    /** A short name for the shape: the preset's, else its six sizes. */
    public static String name(ModelShape shape) {
        return PRESETS.getOrDefault(shape, shape.toString().replace(',', 'x'));
    }

    /** The folder of the packed random model of this shape under {@code root}, written first if missing. */
    public static Path get(Path root, ModelShape shape, PrintWriter log) {
        Path models = root.resolve("models");
        Path folder = models.resolve(name(shape) + "-seed" + SEED + "-packed");
        if (isComplete(folder)) {
            log.println("using the cached random model " + folder);
            return folder;
        }
        if (Files.exists(folder)) {
            throw new BitNetException(folder + ": exists but lacks " + HfCheckpoint.CONFIG + " or " + HfCheckpoint.SINGLE
                    + "; remove it and run again");
        }
        Path temp = models.resolve("." + folder.getFileName() + "." + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
        log.printf("writing the random model %s (seed %d) to %s, once (the 2b4t shape takes ~20 s and 1.2 GB)%n",
                shape, SEED, folder);
        log.flush();
        try {
            Files.createDirectories(models);
            RandomModel.write(shape, SEED, RandomModel.Layout.PACKED, temp, false);
            Files.move(temp, folder, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            deleteQuietly(temp);
            // A concurrent run that finished the same model first wins the rename; its copy is as good as ours.
            if (isComplete(folder)) return folder;
            throw new BitNetException(models + ": cannot write the random model (" + e + "); choose another --cache", e);
        } catch (RuntimeException e) {
            deleteQuietly(temp);
            throw e;
        }
        return folder;
    }

    private static boolean isComplete(Path folder) {
        return Files.isRegularFile(folder.resolve(HfCheckpoint.CONFIG)) && Files.isRegularFile(folder.resolve(HfCheckpoint.SINGLE));
    }

    private static void deleteQuietly(Path dir) {
        if (!Files.exists(dir)) return;
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | RuntimeException ignored) {
            // best effort: a leftover hidden .tmp folder is never read
        }
    }
}
