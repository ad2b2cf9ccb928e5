package dev.bitnet4j.format.gguf;

import dev.bitnet4j.BitNetException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Every malformed GGUF file fails in {@link GgufFile#open} with one BitNetException naming the file and the problem. */
class GgufMalformedFileTest {
    static final int STRING = GgufValueType.STRING.id, ARRAY = GgufValueType.ARRAY.id, UINT32 = GgufValueType.UINT32.id;

    @TempDir
    Path dir;

    @Test
    void badMagic() throws IOException {
        assertError(new RawGguf().raw("GGML".getBytes()).u32(3).u64(0).u64(0), "not a GGUF file: it starts with 0x47474d4c, not 'GGUF'");
        assertError(new RawGguf().raw((byte) 'G', (byte) 'G'), "truncated: 2 bytes, but a GGUF file starts with the 4 bytes 'GGUF'");
        assertError(new RawGguf(), "truncated: 0 bytes");
    }

    @Test
    void unsupportedVersion() throws IOException {
        assertError(RawGguf.header(1, 0, 0), "unsupported GGUF version 1 (this reader handles 2 and 3)");
        assertError(RawGguf.header(4, 0, 0), "unsupported GGUF version 4");
        assertError(RawGguf.header(Integer.reverseBytes(3), 0, 0), "unsupported GGUF version 50331648 (this reader handles 2 and 3; this looks like a big-endian file");
    }

    @Test
    void countsLargerThanTheFileCouldHold() throws IOException {
        assertError(RawGguf.header(3, 0, 1L << 40), "metadata entry count 1099511627776 at offset 16 is larger than the rest of the file (0 bytes) could hold");
        assertError(RawGguf.header(3, 0, -1), "metadata entry count 18446744073709551615 at offset 16 is larger");
        assertError(RawGguf.header(3, 1, 0).zeros(15), "tensor count 1 at offset 8 is larger than the rest of the file (23 bytes) could hold");
        assertError(RawGguf.header(3, 3, 0).zeros(64), "tensor count 3 at offset 8 is larger");
    }

    @Test
    void stringLengthsLargerThanTheRestOfTheFile() throws IOException {
        assertError(RawGguf.header(3, 0, 1).u64(1000).raw("abc".getBytes()).u32(STRING),
                "metadata key #0 length 1000 at offset 24 is larger than the rest of the file (7 bytes) could hold");
        assertError(RawGguf.header(3, 0, 1).string("k").u32(STRING).u64(-2).zeros(8),
                "metadata key 'k' length 18446744073709551614 at offset 37 is larger than the rest of the file (8 bytes) could hold");
        assertError(RawGguf.header(3, 1, 0).u64(1L << 62).zeros(40), "tensor name #0 length 4611686018427387904 at offset 24 is larger");
    }

    @Test
    void arrayCountsLargerThanTheRestOfTheFile() throws IOException {
        assertError(RawGguf.header(3, 0, 1).string("a").u32(ARRAY).u32(UINT32).u64(3).u32(1).u32(2),
                "metadata key 'a' element count 3 at offset 41 is larger than the rest of the file (8 bytes) could hold");
        assertError(RawGguf.header(3, 0, 1).string("a").u32(ARRAY).u32(STRING).u64(2).string("x"),
                "metadata key 'a' element count 2 at offset 41 is larger than the rest of the file (9 bytes) could hold");
        assertError(RawGguf.header(3, 0, 1).string("a").u32(ARRAY).u32(STRING).u64(1).u64(5).raw("abc".getBytes()),
                "metadata key 'a'[0] length 5 at offset 49 is larger than the rest of the file (3 bytes) could hold");
    }

    @Test
    void unknownValueType() throws IOException {
        assertError(RawGguf.header(3, 0, 1).string("k").u32(13).u32(0), "metadata key 'k': unknown value type 13 at offset 33 (known: 0 to 12)");
        assertError(RawGguf.header(3, 0, 1).string("k").u32(ARRAY).u32(-1).u64(0),
                "metadata key 'k' element: unknown value type 4294967295 at offset 37");
    }

    @Test
    void invalidUtf8() throws IOException {
        assertError(RawGguf.header(3, 0, 1).u64(2).raw((byte) 0xC3, (byte) 0x28).u32(UINT32).u32(0),
                "metadata key #0 at offset 24 is not valid UTF-8");
        assertError(RawGguf.header(3, 0, 1).string("k").u32(STRING).u64(1).raw((byte) 0xFF),
                "metadata key 'k' at offset 37 is not valid UTF-8");
    }

    @Test
    void arraysNestedTooDeep() throws IOException {
        RawGguf f = RawGguf.header(3, 0, 1).string("deep").u32(ARRAY);
        for (int i = 0; i < GgufCursor.MAX_ARRAY_DEPTH; i++) f.u32(ARRAY).u64(1);
        assertError(f.u32(UINT32).u64(0), "metadata key 'deep'[0][0][0][0][0][0][0][0]: arrays nested more than 8 deep");
    }

    @Test
    void duplicateMetadataKeys() throws IOException {
        assertError(RawGguf.header(3, 0, 2).kvU32("a", 1).kvU32("a", 2), "metadata key 'a' appears twice");
    }

    @Test
    void badAlignmentOrArchitecture() throws IOException {
        assertError(RawGguf.header(3, 0, 1).kvU32("general.alignment", 24),
                "metadata key 'general.alignment' is UINT32 24, expected a UINT32 power of two");
        assertError(RawGguf.header(3, 0, 1).string("general.alignment").u32(GgufValueType.UINT64.id).u64(32),
                "metadata key 'general.alignment' is UINT64 32, expected a UINT32 power of two");
        assertError(RawGguf.header(3, 0, 1).kvU32("general.architecture", 1),
                "metadata key 'general.architecture' has type UINT32, expected string");
    }

    @Test
    void badDims() throws IOException {
        assertError(tensorFile(0, 0), "tensor 't' has 0 dims, expected 1 to 4");
        assertError(tensorFile(0, 0, 1, 1, 1, 1, 1), "tensor 't' has 5 dims, expected 1 to 4");
        assertError(tensorFile(0, 0, 4, 0), "tensor 't' dim 1 is 0, expected 1 to 2^63 - 1");
        assertError(tensorFile(0, 0, -1), "tensor 't' dim 0 is 18446744073709551615, expected 1 to 2^63 - 1");
        assertError(tensorFile(0, 0, 1L << 32, 1L << 32), "tensor 't': dims [4294967296, 4294967296] hold more than 2^63 - 1 values");
        assertError(tensorFile(0, GgmlType.Q8_0.id, 33, 1), "tensor 't': Q8_0 needs ne0 (dims[0]) to be a multiple of 32, but dims are [33, 1]");
    }

    @Test
    void unknownTensorTypeNamesTheIdAndTheArchitecture() throws IOException {
        assertError(tensorFile(0, 99, 4), "tensor 't' has ggml type id 99, which this reader does not know for architecture ''");
        RawGguf upstreamI2s = RawGguf.header(3, 1, 1).kvString("general.architecture", "bitnet").tensor("w", 36, 0, 128).pad(32).zeros(64);
        assertError(upstreamI2s, "tensor 'w' has ggml type id 36, which this reader does not know for architecture 'bitnet'"
                + " (known: F32 0, F16 1, Q8_0 8, BF16 30, TQ1_0 34, TQ2_0 35, and I2_S 36 for bitnet-25 and bitnet-b1.58)");
    }

    @Test
    void i2sNeedsAMultipleOf128Values() throws IOException {
        RawGguf f = RawGguf.header(3, 1, 1).kvString("general.architecture", "bitnet-b1.58").tensor("w", 36, 0, 64, 3).pad(32).zeros(96);
        assertError(f, "tensor 'w': I2_S needs a multiple of 128 values, but dims [64, 3] hold 192");
    }

    @Test
    void offsetNotAMultipleOfTheAlignment() throws IOException {
        assertError(tensorFile(16, 0, 4), "tensor 't' offset 16 is not a multiple of the alignment 32");
        RawGguf aligned64 = RawGguf.header(3, 1, 1).kvU32("general.alignment", 64).tensor("t", 0, 32, 4).pad(64).zeros(128);
        assertError(aligned64, "tensor 't' offset 32 is not a multiple of the alignment 64");
    }

    @Test
    void overlappingTensors() throws IOException {
        RawGguf f = RawGguf.header(3, 2, 0).tensor("a", 0, 32, 4).tensor("b", 0, 0, 16).pad(32).zeros(64);
        assertError(f, "tensors 'b' [0, 64) and 'a' [32, 48) overlap in the data section");
    }

    @Test
    void tensorNeedingMoreBytesThanTheFileHas() throws IOException {
        RawGguf f = RawGguf.header(3, 1, 0).tensor("t", 0, 0, 1024).pad(32).zeros(64);
        assertError(f, "tensor 't' (F32 [1024]) needs 4096 bytes at offset 0 of the data section, which holds only 64 bytes;"
                + " the file is truncated or corrupt");
        RawGguf past = RawGguf.header(3, 1, 0).tensor("t", 0, -32, 1).pad(32).zeros(64);
        assertError(past, "tensor 't' (F32 [1]) needs 4 bytes at offset 18446744073709551584 of the data section");
    }

    @Test
    void duplicateTensorNames() throws IOException {
        RawGguf f = RawGguf.header(3, 2, 0).tensor("t", 0, 0, 8).tensor("t", 0, 32, 8).pad(32).zeros(64);
        assertError(f, "tensor 't' appears twice");
    }

    @Test
    void dataSectionStartingPastTheEnd() throws IOException {
        RawGguf f = RawGguf.header(3, 1, 0).tensor("t", 0, 0, 1);
        assertError(f, "truncated: the tensor data starts at byte 64 (after padding to 32), but the file has " + f.size() + " bytes");
    }

    @Test
    void everyTruncationOfAValidFileFails() throws IOException {
        byte[] whole = Files.readAllBytes(GgufRoundTripTest.writeEveryType(dir.resolve("whole.gguf")));
        try (GgufFile f = GgufFile.open(dir.resolve("whole.gguf"))) {
            GgufTensor last = List.copyOf(f.tensors().values()).getLast();
            assertEquals(whole.length, f.dataOffset() + last.offset() + last.data().byteSize(),
                    "the last tensor ends the file, so every shorter prefix cuts something the reader needs");
        }
        Path cut = dir.resolve("cut.gguf");
        for (int n = 0; n < whole.length; n++) {
            Files.write(cut, Arrays.copyOf(whole, n));
            BitNetException e = assertThrows(BitNetException.class, () -> GgufFile.open(cut).close(), "prefix of " + n + " bytes");
            assertTrue(e.getMessage().startsWith(cut + ": "), e.getMessage());
        }
    }

    @Test
    void missingFileAndFolder() {
        assertThrows(BitNetException.class, () -> GgufFile.open(dir.resolve("absent.gguf")), "file not found");
        BitNetException e = assertThrows(BitNetException.class, () -> GgufFile.open(dir));
        assertTrue(e.getMessage().contains("is a folder"), e.getMessage());
    }

    /** A file whose one tensor 't' has this offset, type and dims, followed by 64 bytes of data. */
    private static RawGguf tensorFile(long offset, int typeId, long... dims) {
        return RawGguf.header(3, 1, 0).tensor("t", typeId, offset, dims).pad(32).zeros(64);
    }

    private void assertError(RawGguf bytes, String problem) throws IOException {
        Path f = bytes.write(Files.createTempFile(dir, "bad", ".gguf"));
        BitNetException e = assertThrows(BitNetException.class, () -> GgufFile.open(f).close());
        assertEquals(f + ": ", e.getMessage().substring(0, f.toString().length() + 2), "names the file: " + e.getMessage());
        assertTrue(e.getMessage().contains(problem), "expected '" + problem + "' in: " + e.getMessage());
    }
}
