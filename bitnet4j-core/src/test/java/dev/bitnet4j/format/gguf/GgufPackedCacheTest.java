package dev.bitnet4j.format.gguf;

import dev.bitnet4j.BitNetException;
import dev.bitnet4j.kernels.ScalarKernels;
import dev.bitnet4j.model.BitNetModel;
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

/** A GGUF file's decoded weights: decoded once into the cache, mapped after, rebuilt when damaged, never kept when invalid. */
class GgufPackedCacheTest {
    @TempDir
    Path dir;
    String saved;
    Path gguf;

    @BeforeEach
    void setUp() throws IOException {
        saved = System.getProperty(dev.bitnet4j.format.CacheFile.PROPERTY);
        System.setProperty(dev.bitnet4j.format.CacheFile.PROPERTY, dir.resolve("cache").toString());
        gguf = Files.copy(GgufModelTest.gguf("mini-tq1_0"), dir.resolve("m.gguf"));
    }

    @AfterEach
    void tearDown() {
        if (saved == null) System.clearProperty(dev.bitnet4j.format.CacheFile.PROPERTY);
        else System.setProperty(dev.bitnet4j.format.CacheFile.PROPERTY, saved);
    }

    float[] logits(Path model) {
        try (BitNetModel m = BitNetModel.load(model, new ScalarKernels())) {
            return m.forward(new int[]{1, 5, 9, 200}, m.newCache(16), true).clone();
        }
    }

    List<Path> cacheFiles() throws IOException {
        Path packed = dir.resolve("cache").resolve("packed");
        if (!Files.isDirectory(packed)) return List.of();
        try (Stream<Path> s = Files.list(packed)) {
            return s.toList();
        }
    }

    @Test
    void decodedOnceThenMappedAndRebuiltWhenDamaged() throws IOException {
        float[] first = logits(gguf);
        List<Path> files = cacheFiles();
        assertEquals(1, files.size(), "one cache file, no temporary left: " + files);
        Path cache = files.getFirst();
        FileTime written = FileTime.fromMillis(1_000_000);
        Files.setLastModifiedTime(cache, written);
        assertArrayEquals(first, logits(gguf));
        assertEquals(written, Files.getLastModifiedTime(cache), "a valid cache file is mapped, not rewritten");

        // The header guards staleness, not tampering with the data; a damaged header or a wrong length is
        // noticed and the file rebuilt, byte for byte what it was.
        byte[] original = Files.readAllBytes(cache);
        byte[] bytes = original.clone();
        bytes[20] ^= 0x55;
        Files.write(cache, bytes);
        assertArrayEquals(first, logits(gguf));
        assertArrayEquals(original, Files.readAllBytes(cache), "a damaged header is rebuilt");
        Files.write(cache, java.util.Arrays.copyOf(original, 5000));
        assertArrayEquals(first, logits(gguf));
        assertArrayEquals(original, Files.readAllBytes(cache), "a truncated file is rebuilt");
        assertEquals(1, cacheFiles().size());
    }

    @Test
    void anInvalidFileLeavesNoCacheBehind() throws IOException {
        Path bad = dir.resolve("bad.gguf");
        try (GgufFile f = GgufFile.open(gguf)) {
            GgufWriter w = new GgufWriter();
            f.metadata().entries().forEach(w::put);
            for (GgufTensor t : f.tensors().values()) {
                if (!t.name().equals("blk.1.ffn_up.weight")) {
                    w.addTensor(t);
                    continue;
                }
                // 20 is no TQ1_0 byte: ceil(P·256/243) skips it (P = 18 gives 19, P = 19 gives 21).
                w.addTensor(t.name(), t.type(), t.dims(), dst -> {
                    java.lang.foreign.MemorySegment.copy(t.data(), 0, dst, 0, dst.byteSize());
                    dst.set(java.lang.foreign.ValueLayout.JAVA_BYTE, 0, (byte) 20);
                });
            }
            w.write(bad);
        }
        BitNetException e = assertThrows(BitNetException.class, () -> logits(bad));
        assertTrue(e.getMessage().contains("blk.1.ffn_up.weight"), e.getMessage());
        assertEquals(List.of(), cacheFiles());
    }
}
