package dev.bitnet4j.format.gguf;

/**
 * TQ1_0's byte of five trits (spec §4), eight bytes at a time in a long. Five trits c0…c4 (c0 most
 * significant) form P = Σ c_i·3^(4−i) in 0…242, stored as B = ceil(P·256/243), so B/256 is just above
 * P/243 and the trits are B's base-3 fraction digits: with x_0 = B and x_{i+1} = 3·x_i mod 256,
 * c_i = floor(3·x_i / 256). Only 243 of the 256 byte values are such encodings: after five steps
 * x_5 = 243·B mod 256 = 243·B − 256·P, which is below 243 exactly when B = ceil(P·256/243).
 */
final class Base3Bytes {
    private Base3Bytes() {}

    private static final long LOW7 = 0x7F7F7F7F7F7F7F7FL, HIGH = 0x8080808080808080L;
    /** B for each P (the producer's {@code (P·256 + 242) / 243}). */
    private static final byte[] ENCODED = new byte[243];

    static {
        for (int p = 0; p < ENCODED.length; p++) ENCODED[p] = (byte) ((p * 256 + 242) / 243);
    }

    /** Per byte: floor(3x/256), the next trit: 1 from x = 86 on, 2 from x = 171 on. */
    static long trit(long x) {
        long low = x & LOW7;   // adding to 7-bit values cannot carry into the next byte
        long atLeast86 = x | (low + 0x2A2A2A2A2A2A2A2AL);    // x ≥ 128, or low + 42 ≥ 128
        long atLeast171 = x & (low + 0x5555555555555555L);   // x ≥ 128 and low + 85 ≥ 128
        return ((atLeast86 & HIGH) >>> 7) + ((atLeast171 & HIGH) >>> 7);
    }

    /** Per byte: 3x mod 256, that is x + 2x without carries between bytes. */
    static long times3(long x) {
        long twice = (x << 1) & 0xFEFEFEFEFEFEFEFEL;
        return ((x & LOW7) + (twice & LOW7)) ^ ((x ^ twice) & HIGH);
    }

    /** Per byte: the high bit set where x ≥ 243, that is where x_5 shows a byte that is no encoding. */
    static long atLeast243(long x5) {
        return x5 & ((x5 & LOW7) + 0x0D0D0D0D0D0D0D0DL) & HIGH;
    }

    /** Per byte: B from the trits c0…c4, each long holding one trit per byte. */
    static long encode(long c0, long c1, long c2, long c3, long c4) {
        long p = (((c0 * 3 + c1) * 3 + c2) * 3 + c3) * 3 + c4;   // each byte stays ≤ 242: no carries
        long b = 0;
        for (int lane = 0; lane < 8; lane++) b |= (ENCODED[(int) (p >>> (8 * lane)) & 0xFF] & 0xFFL) << (8 * lane);
        return b;
    }

    /** Whether the byte b is B for some P (the scalar form of {@link #atLeast243}, for messages). */
    static boolean isEncoding(int b) {
        return (243 * (b & 0xFF) & 0xFF) < 243;
    }

    /** The i-th trit (0 = most significant) of the byte b: the spec's c_i = (((B·3^i) mod 256)·3) >> 8. */
    static int tritOf(int b, int i) {
        int x = b & 0xFF;
        for (int step = 0; step < i; step++) x = x * 3 & 0xFF;
        return x * 3 >> 8;
    }
}
