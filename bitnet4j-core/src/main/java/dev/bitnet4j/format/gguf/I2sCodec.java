package dev.bitnet4j.format.gguf;

import dev.bitnet4j.BitNetException;

import java.lang.foreign.MemorySegment;

import static dev.bitnet4j.format.gguf.PackedCodes.BYTE;
import static dev.bitnet4j.format.gguf.PackedCodes.FLOAT;

/**
 * I2_S, bitnet.cpp's ternary format in its x86 {@code ACT_PARALLEL} layout (spec §2): the weights numbered
 * row-major over the whole tensor, cut into chunks of 128 (so a chunk crosses rows when cols % 128 != 0),
 * each chunk 32 bytes with its first quarter in the high bits; then one float32 scale at byte n/4 and 28
 * bytes of padding. Codes 0, 1, 2 mean −1, 0, +1.
 */
public final class I2sCodec implements TernaryCodec {
    public static final I2sCodec INSTANCE = new I2sCodec();

    /** The scale (4 bytes) and its padding (28). */
    private static final int TAIL_BYTES = 32;

    private I2sCodec() {}

    @Override
    public String name() {
        return "I2_S";
    }

    @Override
    public long byteSize(int rows, int cols) {
        long n = CodecArgs.weights(name(), rows, cols);
        if (n % TwoBitChunks.WEIGHTS != 0) {
            throw new BitNetException("I2_S: a " + rows + " × " + cols + " tensor has " + n
                    + " weights, not a whole number of 128-weight chunks");
        }
        return n / 4 + TAIL_BYTES;
    }

    @Override
    public float decode(MemorySegment src, int rows, int cols, MemorySegment dstPacked, String where) {
        CodecArgs.checkDecode(name(), () -> byteSize(rows, cols), src, rows, cols, dstPacked, where);
        long n = (long) rows * cols;
        float scale = src.get(FLOAT, n / 4);
        CodecArgs.checkStoredScale(scale, "the I2_S scale", where);
        PackedCodes.decodeRows(rows, cols, cols % TwoBitChunks.WEIGHTS == 0
                ? (row, codes, off) -> readChunks(src, row, cols, codes, off, where)
                : (row, codes, off) -> readWeights(src, row, cols, codes, off, where), dstPacked);
        if (scale > 0) return scale;
        if (!PackedCodes.allZero(dstPacked)) {
            throw new BitNetException(where + ": the I2_S scale is 0 but some weights are not, so every weight would read as 0");
        }
        return 1f;   // an all-zero tensor: any positive scale gives the same weights (see TernaryCodec)
    }

    /** A row that is whole chunks (cols % 128 == 0, as in every real model): 32 bytes at a time. */
    private static void readChunks(MemorySegment src, int row, int cols, byte[] codes, int off, String where) {
        long first = (long) row * cols / TwoBitChunks.WEIGHTS;
        for (int j = 0; j < cols / TwoBitChunks.WEIGHTS; j++) {
            int bad = TwoBitChunks.unpack(src, (first + j) * TwoBitChunks.BYTES, TwoBitChunks.HIGH_FIRST, codes,
                    off + j * TwoBitChunks.WEIGHTS);
            if (bad >= 0) throw code3(where, (first + j) * TwoBitChunks.WEIGHTS + bad, cols);
        }
    }

    /** A row whose ends fall inside chunks: weight by weight, with the spec's formula. */
    private static void readWeights(MemorySegment src, int row, int cols, byte[] codes, int off, String where) {
        for (int c = 0; c < cols; c++) {
            long k = (long) row * cols + c;
            int code = (src.get(BYTE, byteOf(k)) >> shiftOf(k)) & 3;
            if (code == 3) throw code3(where, k, cols);
            codes[off + c] = (byte) code;
        }
    }

    /** Byte of the weight k: 32 per chunk of 128, the weights p, p+32, p+64, p+96 of a chunk sharing byte p. */
    private static long byteOf(long k) {
        return TwoBitChunks.BYTES * (k / TwoBitChunks.WEIGHTS) + k % 32;
    }

    private static int shiftOf(long k) {
        return TwoBitChunks.HIGH_FIRST[(int) (k % TwoBitChunks.WEIGHTS / 32)];
    }

    private static BitNetException code3(String where, long k, int cols) {
        return new BitNetException(where + ": I2_S byte " + byteOf(k) + " holds the code 3 for the weight at "
                + PackedCodes.weightAt(k, cols) + ", which is not a ternary code (0, 1, 2 mean -1, 0, +1)");
    }

    /**
     * Writes what {@code quantize_i2_s} writes for t · scale: the codes, then max|w| as the scale (scale, or 0 for
     * an all-zero tensor), then 28 zero bytes. The quantizer would read weights below 1e-6 as 0; a scale that
     * small is kept here, since the conversion must be lossless.
     */
    @Override
    public void encode(MemorySegment packed, float scale, int rows, int cols, MemorySegment dst) {
        CodecArgs.checkEncode(name(), byteSize(rows, cols), packed, scale, rows, cols, dst);
        long n = (long) rows * cols;
        if (cols % TwoBitChunks.WEIGHTS == 0) {
            PackedCodes.encodeRows(packed, rows, cols, (row, codes, off) -> {
                long first = (long) row * cols / TwoBitChunks.WEIGHTS;
                for (int j = 0; j < cols / TwoBitChunks.WEIGHTS; j++) {
                    TwoBitChunks.pack(codes, off + j * TwoBitChunks.WEIGHTS, TwoBitChunks.HIGH_FIRST, dst,
                            (first + j) * TwoBitChunks.BYTES);
                }
            });
        } else {   // chunks shared by two rows get their bits from both: OR them in, weight by weight
            dst.asSlice(0, n / 4).fill((byte) 0);
            PackedCodes.encodeRows(packed, rows, cols, (row, codes, off) -> {
                for (int c = 0; c < cols; c++) {
                    long k = (long) row * cols + c, at = byteOf(k);
                    dst.set(BYTE, at, (byte) (dst.get(BYTE, at) | codes[off + c] << shiftOf(k)));
                }
            });
        }
        dst.set(FLOAT, n / 4, PackedCodes.allZero(packed) ? 0f : scale);
        dst.asSlice(n / 4 + 4, TAIL_BYTES - 4).fill((byte) 0);
    }
}
