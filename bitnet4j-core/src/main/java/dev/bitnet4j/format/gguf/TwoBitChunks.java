package dev.bitnet4j.format.gguf;

import java.lang.foreign.MemorySegment;

import static dev.bitnet4j.format.gguf.PackedCodes.CODES8;
import static dev.bitnet4j.format.gguf.PackedCodes.CODE_MASK;
import static dev.bitnet4j.format.gguf.PackedCodes.LONG;

/**
 * The 2-bit chunk both I2_S and TQ2_0 are built from: 128 weights in 32 bytes, byte p holding the weights
 * p, p+32, p+64 and p+96 of the chunk, one per bit pair. I2_S puts the first quarter in the high bits
 * (7–6), TQ2_0 in the low bits (1–0): {@code shifts} gives each quarter's bit offset.
 * Eight bytes are read as one long, so one shift and mask yields eight consecutive weights' codes.
 */
final class TwoBitChunks {
    private TwoBitChunks() {}

    static final int WEIGHTS = 128, BYTES = 32;
    /** Bit offsets of quarters 0…3 in I2_S (spec §2). */
    static final int[] HIGH_FIRST = {6, 4, 2, 0};
    /** Bit offsets of quarters 0…3 in TQ2_0 (spec §3). */
    static final int[] LOW_FIRST = {0, 2, 4, 6};
    /** The low bit of each bit pair: a pair holds the invalid code 3 when it and the bit above are set. */
    private static final long PAIR_LOW_BITS = 0x5555555555555555L;

    /**
     * Unpacks the chunk at src[off, off+32) into codes[codesOff, codesOff+128).
     * Returns -1, or the index in the chunk (0…127) of the first weight that holds the code 3.
     */
    static int unpack(MemorySegment src, long off, int[] shifts, byte[] codes, int codesOff) {
        long invalid = 0;
        for (int p = 0; p < BYTES; p += 8) {
            long v = src.get(LONG, off + p);
            invalid |= v & (v >>> 1) & PAIR_LOW_BITS;
            for (int g = 0; g < 4; g++) CODES8.set(codes, codesOff + 32 * g + p, (v >>> shifts[g]) & CODE_MASK);
        }
        return invalid == 0 ? -1 : firstCode3(codes, codesOff);
    }

    /** Packs codes[codesOff, codesOff+128) (each 0…2) into the chunk at dst[off, off+32). */
    static void pack(byte[] codes, int codesOff, int[] shifts, MemorySegment dst, long off) {
        for (int p = 0; p < BYTES; p += 8) {
            long v = 0;
            for (int g = 0; g < 4; g++) v |= (long) CODES8.get(codes, codesOff + 32 * g + p) << shifts[g];
            dst.set(LONG, off + p, v);
        }
    }

    private static int firstCode3(byte[] codes, int codesOff) {
        for (int j = 0; j < WEIGHTS; j++) {
            if (codes[codesOff + j] == 3) return j;
        }
        throw new AssertionError("a code 3 was seen in the chunk but not found again");
    }
}
