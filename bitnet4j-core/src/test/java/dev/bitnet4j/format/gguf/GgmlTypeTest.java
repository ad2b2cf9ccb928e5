package dev.bitnet4j.format.gguf;

import dev.bitnet4j.BitNetException;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.*;

/** Byte sizes and id lookup of {@link GgmlType} (spec gguf-ternary §1-§4, §6). */
class GgmlTypeTest {
    @Test
    void byteSizes() {
        assertEquals(4 * 6, GgmlType.F32.byteSize(new long[]{2, 3}));
        assertEquals(2 * 2560L * 128256, GgmlType.F16.byteSize(new long[]{2560, 128256}));
        assertEquals(2 * 7, GgmlType.BF16.byteSize(new long[]{7}));
        assertEquals(34 * 3 * 5, GgmlType.Q8_0.byteSize(new long[]{96, 5}));
        assertEquals(66 * 10 * 2560L, GgmlType.TQ2_0.byteSize(new long[]{2560, 2560}));
        assertEquals(54 * 27 * 2560L, GgmlType.TQ1_0.byteSize(new long[]{6912, 2560}));
        assertEquals(2560L * 6912 / 4 + 32, GgmlType.I2_S.byteSize(new long[]{2560, 6912}));
        assertEquals(128 / 4 + 32, GgmlType.I2_S.byteSize(new long[]{64, 2}), "I2_S counts the whole tensor, not rows");
    }

    @Test
    void misfitsAndOverflowsFail() {
        assertError(GgmlType.TQ1_0, new long[]{128, 2}, "TQ1_0 needs ne0 (dims[0]) to be a multiple of 256, but dims are [128, 2]");
        assertError(GgmlType.I2_S, new long[]{96}, "I2_S needs a multiple of 128 values, but dims [96] hold 96");
        assertError(GgmlType.F32, new long[]{1L << 62}, "F32 tensor of dims [4611686018427387904] is too large");
        assertError(GgmlType.F32, new long[]{1L << 32, 1L << 31}, "dims [4294967296, 2147483648] hold more than 2^63 - 1 values");
        assertError(GgmlType.F16, new long[]{}, "a tensor has 1 to 4 dims, found 0");
        assertError(GgmlType.F16, new long[]{1, 1, 1, 1, 1}, "a tensor has 1 to 4 dims, found 5");
        assertError(GgmlType.F16, new long[]{3, 0}, "dims [3, 0] hold a dim below 1");
    }

    @Test
    void id36IsI2sOnlyInBitnetCppArchitectures() {
        assertEquals(Optional.of(GgmlType.I2_S), GgmlType.fromId(36, "bitnet-b1.58"));
        assertEquals(Optional.of(GgmlType.I2_S), GgmlType.fromId(36, "bitnet-25"));
        assertEquals(Optional.empty(), GgmlType.fromId(36, "bitnet"));
        assertEquals(Optional.empty(), GgmlType.fromId(36, ""));
        assertEquals(Optional.empty(), GgmlType.fromId(39, "bitnet-b1.58"));
        for (GgmlType t : GgmlType.values()) {
            if (t != GgmlType.I2_S) assertEquals(Optional.of(t), GgmlType.fromId(t.id, "bitnet"), t.name());
        }
        assertEquals(35, GgmlType.TQ2_0.id);
        assertEquals(34, GgmlType.TQ1_0.id);
        assertEquals(30, GgmlType.BF16.id);
        assertEquals(8, GgmlType.Q8_0.id);
    }

    private static void assertError(GgmlType type, long[] dims, String message) {
        assertEquals(message, assertThrows(BitNetException.class, () -> type.byteSize(dims)).getMessage());
    }
}
