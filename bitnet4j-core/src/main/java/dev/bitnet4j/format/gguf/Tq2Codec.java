package dev.bitnet4j.format.gguf;

import java.lang.foreign.MemorySegment;

/**
 * TQ2_0, ggml type 35 (spec §3): 256 weights of one row in 66 bytes, qs[64] then an f16 d. Each half of
 * qs is a 2-bit chunk of 128 weights with its first quarter in the low bits (I2_S's chunk, bit order reversed).
 */
public final class Tq2Codec extends TqBlockCodec implements TernaryCodec {
    public static final Tq2Codec INSTANCE = new Tq2Codec();

    private Tq2Codec() {
        super("TQ2_0", 66);
    }

    @Override
    String unpack(MemorySegment src, long off, byte[] codes, int codesOff) {
        for (int half = 0; half < 2; half++) {
            int bad = TwoBitChunks.unpack(src, off + (long) half * TwoBitChunks.BYTES, TwoBitChunks.LOW_FIRST, codes,
                    codesOff + half * TwoBitChunks.WEIGHTS);
            if (bad >= 0) {
                return "qs byte " + (half * TwoBitChunks.BYTES + bad % 32) + " holds the code 3 for weight "
                        + (half * TwoBitChunks.WEIGHTS + bad) + " of the block, which is not a ternary code (0, 1, 2 mean -1, 0, +1)";
            }
        }
        return null;
    }

    @Override
    void pack(byte[] codes, int codesOff, MemorySegment dst, long off) {
        for (int half = 0; half < 2; half++) {
            TwoBitChunks.pack(codes, codesOff + half * TwoBitChunks.WEIGHTS, TwoBitChunks.LOW_FIRST, dst,
                    off + (long) half * TwoBitChunks.BYTES);
        }
    }
}
