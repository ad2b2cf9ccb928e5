package dev.bitnet4j.format.gguf;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.bitnet4j.BitNetException;
import dev.bitnet4j.format.FuzzInputs;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Coverage-guided fuzzing of {@link GgufFile#open} with Jazzer; how it runs, where its inputs live and how to fuzz
 * longer: {@link FuzzInputs}. The seeds are a file of every value and tensor type ({@link GgufRoundTripTest}), one
 * shaped like the I2_S fixture and an upstream-style one with general.alignment 64.
 */
class GgufFileFuzzTest {
    @FuzzTest(maxDuration = "10s")
    @DictionaryEntries({"GGUF", "general.architecture", "general.alignment", "bitnet-b1.58", "bitnet"})
    void fuzzOpen(byte[] bytes) throws IOException {
        GgufFile f;
        try {
            f = GgufFile.open(FuzzInputs.write(bytes, ".gguf"));
        } catch (BitNetException expected) {
            return;                                     // the reader's answer to a malformed file
        }
        try (f) {
            readThrough(f);                             // a file the reader took: our writer must write it again, exactly
        }
    }

    /**
     * Touches every array element (decoded lazily) and the last byte of every tensor, then checks that the writer
     * writes the file again and that the copy reads back the same.
     */
    private static void readThrough(GgufFile f) {
        for (GgufValue v : f.metadata().entries().values()) {
            if (v.value() instanceof GgufArray a) a.elements().forEach(Object::hashCode);
        }
        for (GgufTensor t : f.tensors().values()) {
            assertEquals(t.type().byteSize(t.dims()), t.data().byteSize());
            t.data().get(ValueLayout.JAVA_BYTE, t.data().byteSize() - 1);
        }
        boolean namesFitLlamaCpp = f.tensors().keySet().stream()
                .allMatch(n -> n.getBytes(StandardCharsets.UTF_8).length <= GgufWriter.MAX_TENSOR_NAME_BYTES);
        if (namesFitLlamaCpp) rewriteAndCompare(f);   // the writer refuses longer names, and says so
    }

    private static void rewriteAndCompare(GgufFile f) {
        GgufWriter w = new GgufWriter();
        f.metadata().entries().forEach(w::put);
        f.tensors().values().forEach(w::addTensor);
        Path copy = FuzzInputs.scratch(".copy.gguf");
        w.write(copy);
        try (GgufFile back = GgufFile.open(copy)) {
            assertEquals(f.metadata().entries(), back.metadata().entries());
            assertEquals(List.copyOf(f.tensors().keySet()), List.copyOf(back.tensors().keySet()));
            for (GgufTensor t : f.tensors().values()) {
                GgufTensor u = back.tensor(t.name());
                assertEquals(t.type(), u.type());
                assertArrayEquals(t.dims(), u.dims());
                assertEquals(-1, t.data().mismatch(u.data()), t.name());
            }
        }
    }

    @Test
    void seedsAreValidFiles() throws IOException {
        List<Path> seeds = FuzzInputs.validSeeds(getClass());
        assertEquals(3, seeds.size(), "seeds: " + seeds);
        for (Path seed : seeds) {
            try (GgufFile f = GgufFile.open(seed)) {
                assertFalse(f.tensors().isEmpty(), seed.toString());
            }
        }
    }
}
