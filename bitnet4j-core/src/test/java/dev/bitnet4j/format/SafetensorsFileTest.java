package dev.bitnet4j.format;

import dev.bitnet4j.BitNetException;
import dev.bitnet4j.tensor.DType;
import dev.bitnet4j.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** Every malformed safetensors file fails with one clear error that names the file and the problem. */
class SafetensorsFileTest {
    @TempDir
    Path dir;

    @Test
    void readsAValidFile() throws IOException {
        Path f = RawSafetensors.write(dir.resolve("ok.safetensors"),
                "{\"a\":{\"dtype\":\"BF16\",\"shape\":[2],\"data_offsets\":[0,4]},\"b\":{\"dtype\":\"U8\",\"shape\":[1,3],\"data_offsets\":[4,7]},\"__metadata__\":{\"format\":\"pt\"}}",
                new byte[]{(byte) 0x80, 0x3f, 0x00, 0x40, 1, 2, 3});
        try (SafetensorsFile sf = SafetensorsFile.open(f)) {
            Tensor a = sf.tensors().get("a");
            assertEquals(DType.BF16, a.dtype());
            assertEquals(1.0f, a.getFloat(0));
            assertEquals(2.0f, a.getFloat(1));
            assertArrayEquals(new long[]{1, 3}, sf.tensors().get("b").shape());
            assertEquals("pt", sf.metadata().get("format"));
        }
    }

    @Test
    void truncatedFile() throws IOException {
        Path f = dir.resolve("short.safetensors");
        Files.write(f, new byte[]{1, 2, 3});
        assertError(f, "truncated");
        Path cut = RawSafetensors.write(dir.resolve("cut.safetensors"),
                "{\"a\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}}", new byte[10]);
        assertError(cut, "run past the end of the data");
    }

    @Test
    void headerLengthLargerThanFile() throws IOException {
        Path f = RawSafetensors.write(dir.resolve("h.safetensors"), 1L << 40, "{}", new byte[0]);
        assertError(f, "header length 1099511627776 does not fit in the file");
        Path neg = RawSafetensors.write(dir.resolve("neg.safetensors"), -5, "{}", new byte[0]);
        assertError(neg, "does not fit in the file");
    }

    @Test
    void overlappingOffsets() throws IOException {
        Path f = RawSafetensors.write(dir.resolve("o.safetensors"),
                "{\"a\":{\"dtype\":\"U8\",\"shape\":[4],\"data_offsets\":[0,4]},\"b\":{\"dtype\":\"U8\",\"shape\":[4],\"data_offsets\":[2,6]}}",
                new byte[8]);
        assertError(f, "tensors 'a' [0, 4) and 'b' [2, 6) overlap");
    }

    @Test
    void offsetsPastTheData() throws IOException {
        Path f = RawSafetensors.write(dir.resolve("p.safetensors"),
                "{\"a\":{\"dtype\":\"U8\",\"shape\":[4],\"data_offsets\":[6,10]}}", new byte[8]);
        assertError(f, "tensor 'a': data_offsets [6, 10] run past the end");
        Path back = RawSafetensors.write(dir.resolve("b.safetensors"),
                "{\"a\":{\"dtype\":\"U8\",\"shape\":[0],\"data_offsets\":[4,2]}}", new byte[8]);
        assertError(back, "end before they begin");
    }

    @Test
    void unknownDtype() throws IOException {
        Path f = RawSafetensors.write(dir.resolve("d.safetensors"),
                "{\"a\":{\"dtype\":\"Q4_K\",\"shape\":[4],\"data_offsets\":[0,4]}}", new byte[4]);
        assertError(f, "tensor 'a': unknown dtype 'Q4_K'");
    }

    @Test
    void shapeNotMatchingByteLength() throws IOException {
        Path f = RawSafetensors.write(dir.resolve("s.safetensors"),
                "{\"a\":{\"dtype\":\"BF16\",\"shape\":[3,2],\"data_offsets\":[0,8]}}", new byte[8]);
        assertError(f, "tensor 'a': shape [3, 2] of BF16 needs 12 bytes, but data_offsets [0, 8] hold 8");
        Path huge = RawSafetensors.write(dir.resolve("huge.safetensors"),
                "{\"a\":{\"dtype\":\"F64\",\"shape\":[4611686018427387904,4],\"data_offsets\":[0,8]}}", new byte[8]);
        assertError(huge, "is too large");
    }

    @Test
    void malformedHeaders() throws IOException {
        assertError(RawSafetensors.write(dir.resolve("j.safetensors"), "{\"a\":", new byte[0]), "malformed JSON");
        assertError(RawSafetensors.write(dir.resolve("n.safetensors"), "[1,2]", new byte[0]), "does not start with '{'");
        assertError(RawSafetensors.write(dir.resolve("dup.safetensors"),
                "{\"a\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,1]},\"a\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[1,2]}}",
                new byte[2]), "Duplicate field 'a'");
        assertError(RawSafetensors.write(dir.resolve("neg.safetensors"),
                "{\"a\":{\"dtype\":\"U8\",\"shape\":[-1],\"data_offsets\":[0,1]}}", new byte[1]), "expected a non-negative integer");
        assertError(RawSafetensors.write(dir.resolve("no.safetensors"),
                "{\"a\":{\"dtype\":\"U8\",\"shape\":[1]}}", new byte[1]), "missing data_offsets");
    }

    @Test
    void missingFileAndFolder() {
        assertError(dir.resolve("absent.safetensors"), "file not found");
        assertError(dir, "is a folder");
    }

    private static void assertError(Path f, String problem) {
        BitNetException e = assertThrows(BitNetException.class, () -> SafetensorsFile.open(f).close());
        assertTrue(e.getMessage().startsWith(f.toString()), "names the file: " + e.getMessage());
        assertTrue(e.getMessage().contains(problem), "expected '" + problem + "' in: " + e.getMessage());
    }
}
