package dev.bitnet4j.model;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The official packed layout of microsoft/bitnet-b1.58-2B-4T (spec §2): a [rows, cols] ternary matrix
 * is stored as U8 [rows/4, cols]; with n = rows/4, byte (r, c) holds rows r, r+n, r+2n, r+3n of column c
 * in bits 0-1, 2-3, 4-5, 6-7, each as ternary+1 in {0,1,2}. The code 3 never occurs.
 */
public final class TernaryPacking {
    private TernaryPacking() {}

    /** Ternary value of (row, col) in a packed [rows/4, cols] segment. */
    public static int get(MemorySegment packed, int rows, int cols, int row, int col) {
        int n = rows / 4;
        int b = packed.get(ValueLayout.JAVA_BYTE, (long) (row % n) * cols + col) & 0xFF;
        return ((b >>> (2 * (row / n))) & 3) - 1;
    }

    /** Packs t (row-major [rows, cols], values in {-1,0,1}) into the official layout. */
    public static byte[] pack(byte[] t, int rows, int cols) {
        if (rows % 4 != 0) throw new IllegalArgumentException("rows must be a multiple of 4: " + rows);
        int n = rows / 4;
        byte[] out = new byte[n * cols];
        for (int row = 0; row < rows; row++) {
            int shift = 2 * (row / n);
            int base = (row % n) * cols;
            for (int c = 0; c < cols; c++) {
                int v = t[row * cols + c];
                if (v < -1 || v > 1) throw new IllegalArgumentException("not ternary: " + v);
                out[base + c] |= (byte) ((v + 1) << shift);
            }
        }
        return out;
    }

    /** Unpacks the official layout into row-major [rows, cols] values in {-1,0,1}. */
    public static byte[] unpack(MemorySegment packed, int rows, int cols) {
        byte[] out = new byte[rows * cols];
        for (int row = 0; row < rows; row++) {
            for (int c = 0; c < cols; c++) out[row * cols + c] = (byte) get(packed, rows, cols, row, c);
        }
        return out;
    }

    /**
     * Offset of the first byte holding the invalid code 3 in any of its four fields, or -1 if none.
     * Reads eight bytes at a time: a field is 3 exactly when both its bits are set.
     */
    public static long findInvalidByte(MemorySegment packed) {
        long size = packed.byteSize();
        long i = 0;
        for (; i + 8 <= size; i += 8) {
            long w = packed.get(ValueLayout.JAVA_LONG_UNALIGNED, i);
            if ((w & (w >>> 1) & 0x5555555555555555L) != 0) break;
        }
        for (; i < size; i++) {
            int b = packed.get(ValueLayout.JAVA_BYTE, i);
            if ((b & (b >>> 1) & 0x55) != 0) return i;
        }
        return -1;
    }

    /**
     * The magnitude m of master weights ±m (0 where t is 0) that the absmean quantization (spec §2) maps back to
     * {@code t} and to {@code scale}: m = scale / (share of non-zero t), so mean|W| = scale and every |W|/scale ≥ 1
     * rounds to ±1. Exact up to float rounding of m (a layout that stores no scale can do no better).
     */
    public static float masterMagnitude(byte[] t, float scale) {
        long nonZero = 0;
        for (byte v : t) if (v != 0) nonZero++;
        return nonZero == 0 ? 0 : (float) (scale * ((double) t.length / nonZero));
    }
}
