package dev.bitnet4j.format.gguf;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The bridge every ternary codec goes through: whole rows of codes, one per byte (0, 1, 2 for −1, 0, +1),
 * to and from the official packed layout of {@link dev.bitnet4j.model.TernaryPacking}, where packed row r
 * holds the rows r, r+n, r+2n and r+3n (n = rows/4) at bits 0–1, 2–3, 4–5 and 6–7. Working packed row by
 * packed row, the four rows' codes meet in a small byte[] and the packed row is written once, whole.
 * Eight codes move at a time as one long: a code is at most 3, so shifting it by up to 6 stays inside its byte.
 */
final class PackedCodes {
    private PackedCodes() {}

    /** GGUF is little-endian, and the eight-codes-per-long tricks need byte i at bits 8i. */
    static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfShort SHORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfByte BYTE = ValueLayout.JAVA_BYTE;
    /**
     * Eight codes of a byte[] as one long. Code buffers are byte[] rather than heap segments: C2 compiles
     * stores through this view into plain moves, several times faster than MemorySegment stores.
     */
    static final VarHandle CODES8 = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    /** Four codes of a byte[] as one int. */
    static final VarHandle CODES4 = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    /** The low two bits of every byte: one code per byte. */
    static final long CODE_MASK = 0x0303030303030303L;
    /** Every byte holding the code 1 (the weight 0); four of them in a packed byte. */
    private static final long ZERO_CODES = 0x0101010101010101L, ZERO_PACKED = 0x5555555555555555L;

    /** Fills codes[off, off + cols) with the codes of one row of the tensor, from the format's bytes. */
    @FunctionalInterface
    interface RowReader {
        void read(int row, byte[] codes, int off);
    }

    /** Writes codes[off, off + cols), the codes of one row of the tensor, in the format's bytes. */
    @FunctionalInterface
    interface RowWriter {
        void write(int row, byte[] codes, int off);
    }

    /** Fills packed (rows/4 · cols bytes) with every row that reader reads. */
    static void decodeRows(int rows, int cols, RowReader reader, MemorySegment packed) {
        int quarter = rows / 4;
        byte[] codes = new byte[4 * cols], out = new byte[cols];
        for (int r = 0; r < quarter; r++) {
            for (int q = 0; q < 4; q++) reader.read(q * quarter + r, codes, q * cols);
            int c = 0;
            for (; c + 8 <= cols; c += 8) {
                long v = (long) CODES8.get(codes, c) | (long) CODES8.get(codes, cols + c) << 2
                        | (long) CODES8.get(codes, 2 * cols + c) << 4 | (long) CODES8.get(codes, 3 * cols + c) << 6;
                CODES8.set(out, c, v);
            }
            for (; c < cols; c++) out[c] = (byte) (codes[c] | codes[cols + c] << 2 | codes[2 * cols + c] << 4 | codes[3 * cols + c] << 6);
            MemorySegment.copy(out, 0, packed, BYTE, (long) r * cols, cols);
        }
    }

    /** Hands writer every row of packed (rows/4 · cols bytes), in the order r, r+n, r+2n, r+3n, r+1, … */
    static void encodeRows(MemorySegment packed, int rows, int cols, RowWriter writer) {
        int quarter = rows / 4;
        byte[] codes = new byte[4 * cols], in = new byte[cols];
        for (int r = 0; r < quarter; r++) {
            MemorySegment.copy(packed, BYTE, (long) r * cols, in, 0, cols);
            int c = 0;
            for (; c + 8 <= cols; c += 8) {
                long v = (long) CODES8.get(in, c);
                for (int q = 0; q < 4; q++) CODES8.set(codes, q * cols + c, (v >>> 2 * q) & CODE_MASK);
            }
            for (; c < cols; c++) {
                for (int q = 0; q < 4; q++) codes[q * cols + c] = (byte) ((in[c] >>> 2 * q) & 3);
            }
            for (int q = 0; q < 4; q++) writer.write(q * quarter + r, codes, q * cols);
        }
    }

    /** Whether codes[off, off+len) are all 1, that is every weight there is 0. */
    static boolean allZero(byte[] codes, int off, int len) {
        long diff = 0;
        int i = 0;
        for (; i + 8 <= len; i += 8) diff |= (long) CODES8.get(codes, off + i) ^ ZERO_CODES;
        for (; i < len; i++) diff |= codes[off + i] ^ 1;
        return diff == 0;
    }

    /** Whether every weight of a packed tensor is 0 (every byte 0x55). */
    static boolean allZero(MemorySegment packed) {
        long size = packed.byteSize(), diff = 0, i = 0;
        for (; i + 8 <= size; i += 8) diff |= packed.get(LONG, i) ^ ZERO_PACKED;
        for (; i < size; i++) diff |= packed.get(BYTE, i) ^ 0x55;
        return diff == 0;
    }

    /** "row r, column c" of the weight k, for error messages. */
    static String weightAt(long k, int cols) {
        return "row " + k / cols + ", column " + k % cols;
    }
}
