package dev.bitnet4j.format.gguf;

import java.lang.foreign.MemorySegment;

import static dev.bitnet4j.format.gguf.PackedCodes.BYTE;
import static dev.bitnet4j.format.gguf.PackedCodes.CODES4;
import static dev.bitnet4j.format.gguf.PackedCodes.CODES8;
import static dev.bitnet4j.format.gguf.PackedCodes.INT;
import static dev.bitnet4j.format.gguf.PackedCodes.LONG;

/**
 * TQ1_0, ggml type 34 (spec §4): 256 weights of one row in 54 bytes, five trits per byte (see {@link Base3Bytes}).
 * qs[m] (m &lt; 32) holds weights m + 32i, qs[32+m] (m &lt; 16) weights 160 + m + 16i, qh[j] (j &lt; 4) weights
 * 240 + j + 4i for i &lt; 4 and a fifth trit 0; then an f16 d. The trit i of eight neighbouring bytes are the
 * codes of eight neighbouring weights, so each long read yields five longs of codes.
 */
public final class Tq1Codec extends TqBlockCodec implements TernaryCodec {
    public static final Tq1Codec INSTANCE = new Tq1Codec();

    /** Where qs's second part, qh and their weights start. */
    private static final int QS_NARROW = 32, QH = 48, QS_NARROW_WEIGHTS = 160, QH_WEIGHTS = 240;

    private Tq1Codec() {
        super("TQ1_0", 54);
    }

    @Override
    String unpack(MemorySegment src, long off, byte[] codes, int codesOff) {
        long invalid = 0;
        for (int p = 0; p < QS_NARROW; p += 8) invalid |= unpack8(src.get(LONG, off + p), codes, codesOff + p, 32);
        for (int p = 0; p < QH - QS_NARROW; p += 8) {
            invalid |= unpack8(src.get(LONG, off + QS_NARROW + p), codes, codesOff + QS_NARROW_WEIGHTS + p, 16);
        }
        long x = src.get(INT, off + QH) & 0xFFFFFFFFL;   // qh: four bytes, four trits each, stored as ints
        for (int i = 0; i < 4; i++) {
            CODES4.set(codes, codesOff + QH_WEIGHTS + 4 * i, (int) Base3Bytes.trit(x));
            x = Base3Bytes.times3(x);
        }
        long fifth = Base3Bytes.trit(x);
        invalid |= fifth | Base3Bytes.atLeast243(Base3Bytes.times3(x));
        return invalid == 0 ? null : problem(src, off);
    }

    /** Decodes the eight bytes x into codes[at + stride·i, +8) for trits i = 0…4; returns the bytes that are no encoding. */
    private static long unpack8(long x, byte[] codes, int at, int stride) {
        for (int i = 0; i < 5; i++) {
            CODES8.set(codes, at + stride * i, Base3Bytes.trit(x));
            x = Base3Bytes.times3(x);
        }
        return Base3Bytes.atLeast243(x);
    }

    /** The first bad byte of a block that has one, in words. */
    private static String problem(MemorySegment src, long off) {
        for (int j = 0; j < QH + 4; j++) {
            int b = src.get(BYTE, off + j) & 0xFF;
            String name = j < QH ? "qs byte " + j : "qh byte " + (j - QH);
            if (!Base3Bytes.isEncoding(b)) {
                return name + " (" + b + ") is not a base-3 encoding of five trits (only 243 of the 256 byte values are)";
            }
            if (j >= QH && Base3Bytes.tritOf(b, 4) != 0) {
                return name + " (" + b + ") has a fifth trit of " + Base3Bytes.tritOf(b, 4) + "; qh bytes hold four trits and a 0";
            }
        }
        throw new AssertionError("a bad TQ1_0 byte was seen but not found again");
    }

    @Override
    void pack(byte[] codes, int codesOff, MemorySegment dst, long off) {
        for (int p = 0; p < QS_NARROW; p += 8) dst.set(LONG, off + p, pack8(codes, codesOff + p, 32));
        for (int p = 0; p < QH - QS_NARROW; p += 8) {
            dst.set(LONG, off + QS_NARROW + p, pack8(codes, codesOff + QS_NARROW_WEIGHTS + p, 16));
        }
        int at = codesOff + QH_WEIGHTS;
        long qh = Base3Bytes.encode((int) CODES4.get(codes, at), (int) CODES4.get(codes, at + 4), (int) CODES4.get(codes, at + 8),
                (int) CODES4.get(codes, at + 12), 0);
        dst.set(INT, off + QH, (int) qh);
    }

    /** Eight bytes from codes[at + stride·i, +8), i = 0…4. */
    private static long pack8(byte[] codes, int at, int stride) {
        return Base3Bytes.encode((long) CODES8.get(codes, at), (long) CODES8.get(codes, at + stride),
                (long) CODES8.get(codes, at + 2 * stride), (long) CODES8.get(codes, at + 3 * stride),
                (long) CODES8.get(codes, at + 4 * stride));
    }
}
