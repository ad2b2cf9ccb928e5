package dev.bitnet4j.format;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.bitnet4j.BitNetException;
import dev.bitnet4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Coverage-guided fuzzing of {@link SafetensorsFile#open} with Jazzer; how it runs, where its inputs live and how
 * to fuzz longer: {@link FuzzInputs}. The fuzz execution instruments Jackson's parser as well as our classes, and
 * the dictionary supplies the words of a header's JSON, so inputs get past the JSON syntax into the reader's checks.
 * The seeds: no tensors (header "{}"), a packed ternary weight with its scale, and float tensors with metadata.
 * {@code crash-json-nested-1100-deep} is a header nested past Jackson's depth limit, whose error has no location,
 * which made {@link Json#parse} throw a NullPointerException. Found by reading the code rather than by Jazzer (it
 * needs 1100 brackets in a row), it is kept with the inputs so every run replays it.
 */
class SafetensorsFileFuzzTest {
    @FuzzTest(maxDuration = "10s")
    @DictionaryEntries({"{\"", "\":{\"dtype\":\"", "\"shape\":[", "\"data_offsets\":[", "\"__metadata__\":{",
            "F32", "BF16", "F16", "U8", "I64", "],", "]}", "}}"})
    void fuzzOpen(byte[] bytes) throws IOException {
        try (SafetensorsFile f = SafetensorsFile.open(FuzzInputs.write(bytes, ".safetensors"))) {
            readThrough(f);
        } catch (BitNetException expected) {
            // the reader's answer to a malformed file
        }
    }

    /** Touches every metadata value and the last byte of every tensor. */
    private static void readThrough(SafetensorsFile f) {
        f.metadata().values().forEach(String::length);
        for (Tensor t : f.tensors().values()) {
            assertEquals(t.numel() * t.dtype().bytes, t.data().byteSize());
            if (t.data().byteSize() > 0) t.data().get(ValueLayout.JAVA_BYTE, t.data().byteSize() - 1);
        }
    }

    @Test
    void seedsAreValidFiles() throws IOException {
        List<Path> seeds = FuzzInputs.validSeeds(getClass());
        assertEquals(3, seeds.size(), "seeds: " + seeds);
        for (Path seed : seeds) SafetensorsFile.open(seed).close();
    }
}
