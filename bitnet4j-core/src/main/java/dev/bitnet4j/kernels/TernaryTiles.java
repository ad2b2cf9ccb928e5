package dev.bitnet4j.kernels;

import dev.bitnet4j.model.TernaryMatrix;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * A ternary matrix repacked for {@link TileMatmul}: still 2 bits a weight, but ordered so that one
 * 64-byte load gives 32 rows × 8 columns, and the lookup tables of a block of columns are used by
 * 256 rows before the next block starts.
 * <p>
 * A short (16 bits) holds the codes (ternary + 1) of 8 consecutive columns of one row, column k in
 * bits 2k..2k+1. 32 such shorts, one per row, form a tile (rows 32i..32i+31). Shorts are ordered
 * {@code [block][panel][group][tile][lane]}: a block is 128 columns (16 groups of 8), a panel 256 rows
 * (8 tiles). Rows and columns are padded with zeros (code 1) to whole panels and blocks.
 */
public record TernaryTiles(int rows, int cols, int paddedRows, int paddedCols, MemorySegment data) {

    public static final int LANES = 32, TILES = 8, PANEL_ROWS = LANES * TILES;
    public static final int GROUP = 8, GROUPS = 16, BLOCK_COLS = GROUP * GROUPS;
    /** Bytes of one group of one panel: 8 tiles of 32 shorts. */
    static final int GROUP_BYTES = TILES * LANES * 2;
    private static final short ZEROS = 0x5555;           // eight codes 1 = eight zero weights

    public TernaryTiles {
        if (data.byteSize() != byteSize(rows, cols)) {
            throw new IllegalArgumentException("tile data of " + data.byteSize() + " bytes for " + rows + "x" + cols
                    + "; expected " + byteSize(rows, cols));
        }
    }

    /** Tiles of a rows × cols matrix over {@code data} ({@link #byteSize} bytes). */
    public static TernaryTiles of(int rows, int cols, MemorySegment data) {
        return new TernaryTiles(rows, cols, pad(rows, PANEL_ROWS), pad(cols, BLOCK_COLS), data);
    }

    public static long byteSize(int rows, int cols) {
        return (long) pad(rows, PANEL_ROWS) * pad(cols, BLOCK_COLS) / 4;
    }

    static int pad(int n, int to) {
        return (n + to - 1) / to * to;
    }

    public int panels() {
        return paddedRows / PANEL_ROWS;
    }

    public int blocks() {
        return paddedCols / BLOCK_COLS;
    }

    /** Byte offset of the short holding row {@code row}, columns 8g..8g+7. */
    long offset(int row, int g) {
        int b = g / GROUPS, panel = row / PANEL_ROWS, tile = (row % PANEL_ROWS) / LANES, lane = row % LANES;
        long groupIndex = ((long) b * panels() + panel) * GROUPS + g % GROUPS;
        return groupIndex * GROUP_BYTES + (tile * LANES + lane) * 2L;
    }

    /** Ternary value at (row, col); padding reads as 0. */
    public int get(int row, int col) {
        int v = data.get(ValueLayout.JAVA_SHORT_UNALIGNED, offset(row, col / GROUP));
        return ((v >>> (2 * (col % GROUP))) & 3) - 1;
    }

    /**
     * Repacks a matrix from the official layout into {@code dst} ({@link #byteSize} bytes). Each short
     * gathers 2-bit fields from 8 consecutive bytes of one packed row: one long read and a
     * {@link Long#compress} (PEXT), for every full group.
     */
    public static TernaryTiles repack(TernaryMatrix m, MemorySegment dst) {
        int rows = m.rows(), cols = m.cols(), n = rows / 4, fullGroups = cols / GROUP;
        TernaryTiles t = of(rows, cols, dst);
        MemorySegment src = m.packed();
        long at = 0;                                            // written in storage order
        for (int b = 0; b < t.blocks(); b++) {
            for (int panel = 0; panel < t.panels(); panel++) {
                for (int g = b * GROUPS; g < (b + 1) * GROUPS; g++) {
                    for (int r = panel * PANEL_ROWS; r < (panel + 1) * PANEL_ROWS; r++, at += 2) {
                        short v = ZEROS;
                        if (r < rows) {
                            int shift = 2 * (r / n);
                            long base = (long) (r % n) * cols;
                            if (g < fullGroups) {
                                long bytes = src.get(ValueLayout.JAVA_LONG_UNALIGNED, base + (long) g * GROUP);
                                v = (short) Long.compress(bytes >>> shift, 0x0303030303030303L);
                            } else {
                                for (int k = 0, c = g * GROUP; k < GROUP && c < cols; k++, c++) {
                                    int code = (src.get(ValueLayout.JAVA_BYTE, base + c) >>> shift) & 3;
                                    v = (short) (v & ~(3 << 2 * k) | code << 2 * k);
                                }
                            }
                        }
                        dst.set(ValueLayout.JAVA_SHORT_UNALIGNED, at, v);
                    }
                }
            }
        }
        return t;
    }
}
