package dev.bitnet4j.model;

import dev.bitnet4j.Fixtures;
import dev.bitnet4j.kernels.VectorKernels;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/** The on-disk tile cache: written once, mapped after, rebuilt when stale or damaged, optional when unwritable. */
class TileCacheTest {
    @TempDir
    Path dir;
    Path model;
    String saved;
    final VectorKernels kernels = new VectorKernels(2);

    @BeforeEach
    void setUp() throws IOException {
        saved = System.getProperty(dev.bitnet4j.format.CacheFile.PROPERTY);
        System.setProperty(dev.bitnet4j.format.CacheFile.PROPERTY, dir.resolve("cache").toString());
        model = dir.resolve("model");
        Files.createDirectories(model);
        try (Stream<Path> files = Files.list(Fixtures.model("mini-packed"))) {
            for (Path f : files.toList()) Files.copy(f, model.resolve(f.getFileName()));
        }
    }

    @AfterEach
    void tearDown() {
        if (saved == null) System.clearProperty(dev.bitnet4j.format.CacheFile.PROPERTY);
        else System.setProperty(dev.bitnet4j.format.CacheFile.PROPERTY, saved);
        kernels.close();
    }

    float[] logits() {
        try (BitNetModel m = BitNetModel.load(model, kernels)) {
            return m.forward(new int[]{1, 5, 9, 200}, m.newCache(16), true).clone();
        }
    }

    List<Path> cacheFiles() throws IOException {
        Path tiles = dir.resolve("cache").resolve("tiles");
        if (!Files.isDirectory(tiles)) return List.of();
        try (Stream<Path> s = Files.list(tiles)) {
            return s.toList();
        }
    }

    @Test
    void writtenOnceThenReusedAndGivesTheSameLogits() throws IOException {
        float[] first = logits();
        List<Path> files = cacheFiles();
        assertEquals(1, files.size(), "one cache file, no temporary left: " + files);
        Path file = files.getFirst();
        assertTrue(file.getFileName().toString().endsWith(".tiles"));
        FileTime written = Files.getLastModifiedTime(file);
        Object key = Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
        assertArrayEquals(first, logits());
        assertEquals(written, Files.getLastModifiedTime(file), "the second load maps the file, it does not rewrite it");
        assertEquals(key, Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class).fileKey());
    }

    @Test
    void damagedFilesAreRebuilt() throws IOException {
        float[] expected = logits();
        Path file = cacheFiles().getFirst();
        byte[] original = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(original, original.length / 2));                 // truncated
        assertArrayEquals(expected, logits());
        assertArrayEquals(original, Files.readAllBytes(file));
        byte[] bytes = original.clone();
        bytes[20] ^= 0x55;                                                                          // header damaged
        Files.write(file, bytes);
        assertArrayEquals(expected, logits());
        assertArrayEquals(original, Files.readAllBytes(file));
        Files.delete(file);                                                                         // deleted
        assertArrayEquals(expected, logits());
        assertArrayEquals(original, Files.readAllBytes(file));
        assertEquals(1, cacheFiles().size());
    }

    @Test
    void aChangedModelFileGetsItsOwnCacheFile() throws IOException {
        logits();
        Path weights = model.resolve("model.safetensors");
        Files.setLastModifiedTime(weights, FileTime.fromMillis(Files.getLastModifiedTime(weights).toMillis() - 60_000));
        logits();
        assertEquals(2, cacheFiles().size());
    }

    @Test
    void anUnwritableCacheFolderStillLoadsTheModel() throws IOException {
        float[] expected = logits();
        Path notADir = dir.resolve("plain-file");
        Files.writeString(notADir, "x");
        System.setProperty(dev.bitnet4j.format.CacheFile.PROPERTY, notADir.resolve("cache").toString());
        assertArrayEquals(expected, logits());
    }
}
