package dev.bitnet4j.model;

import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

class PackingTest {

    @Test
    void specExampleByte() {
        // spec §2: column 0 byte 0b10_10_00_01 -> rows r:0, r+n:-1, r+2n:+1, r+3n:+1
        int rows = 8, cols = 1;  // n = 2
        MemorySegment packed = MemorySegment.ofArray(new byte[]{(byte) 0b10_10_00_01, 0});
        assertEquals(0, TernaryPacking.get(packed, rows, cols, 0, 0));
        assertEquals(-1, TernaryPacking.get(packed, rows, cols, 2, 0));
        assertEquals(1, TernaryPacking.get(packed, rows, cols, 4, 0));
        assertEquals(1, TernaryPacking.get(packed, rows, cols, 6, 0));
        // byte 1 is all zero codes: rows 1, 3, 5, 7 are -1
        for (int r = 1; r < 8; r += 2) assertEquals(-1, TernaryPacking.get(packed, rows, cols, r, 0));
        assertArrayEquals(new byte[]{(byte) 0b10_10_00_01, 0},
                TernaryPacking.pack(new byte[]{0, -1, -1, -1, 1, -1, 1, -1}, rows, cols));
    }

    @Test
    void packUnpackRoundTripOnRandomMatrices() {
        SplittableRandom rnd = new SplittableRandom(7);
        int[][] shapes = {{4, 1}, {4, 7}, {8, 3}, {12, 33}, {64, 160}, {256, 100}};
        for (int[] s : shapes) {
            byte[] t = new byte[s[0] * s[1]];
            for (int i = 0; i < t.length; i++) t[i] = (byte) (rnd.nextInt(3) - 1);
            byte[] packed = TernaryPacking.pack(t, s[0], s[1]);
            assertEquals(s[0] / 4 * s[1], packed.length);
            assertEquals(-1, TernaryPacking.findInvalidByte(MemorySegment.ofArray(packed)));
            assertArrayEquals(t, TernaryPacking.unpack(MemorySegment.ofArray(packed), s[0], s[1]),
                    s[0] + "x" + s[1]);
        }
    }

    @Test
    void findsCodeThreeInEveryFieldAndPosition() {
        for (int len : new int[]{1, 7, 8, 9, 17, 64}) {
            for (int at = 0; at < len; at++) {
                for (int field = 0; field < 4; field++) {
                    byte[] b = new byte[len];
                    java.util.Arrays.fill(b, (byte) 0b10_01_00_10);
                    b[at] = (byte) (b[at] & ~(3 << 2 * field) | (3 << 2 * field));
                    assertEquals(at, TernaryPacking.findInvalidByte(MemorySegment.ofArray(b)), "len " + len + " at " + at);
                }
            }
        }
    }
}
