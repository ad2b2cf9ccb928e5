package dev.bitnet4j.kernels;

import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

import static dev.bitnet4j.kernels.TernaryTiles.GROUP;
import static dev.bitnet4j.kernels.TernaryTiles.GROUPS;
import static dev.bitnet4j.kernels.TernaryTiles.GROUP_BYTES;
import static dev.bitnet4j.kernels.TernaryTiles.LANES;
import static dev.bitnet4j.kernels.TernaryTiles.PANEL_ROWS;

/**
 * Ternary × int8 products by table lookup (the idea of T-MAC and bitnet.cpp's TL kernels), on the
 * {@link TernaryTiles} layout. Nothing is multiplied: for each group of 8 activations we precompute
 * every partial sum a group's codes can ask for, and the weights become indices into those tables.
 * <p>
 * A group's short splits into three indices: bits 0-5 (columns 0-2, table A of 64 entries), bits
 * 6-11 (columns 3-5, table B) and bits 12-15 (columns 6-7, table C of 16). Entry i of A is
 * Σ_k t(code_k(i))·x_k with t(c) = c − 1, so the tables give ternary sums directly. With 32 short
 * lanes a table of 64 fits in two registers and {@code selectFrom(lo, hi)} (vpermi2w) looks up
 * 32 rows at once, ignoring index bits above 5, so no masking is needed. Per 256 weights: one load,
 * two shifts, three lookups, three adds.
 * <p>
 * A group adds at most 3·128 + 3·128 + 2·128 = 1024 per lane, so 16 groups (a block of 128
 * columns) stay within a short; then the lanes are widened into int sums. Needs 512-bit vectors.
 */
final class TileMatmul {
    private TileMatmul() {}

    static final VectorSpecies<Short> S = ShortVector.SPECIES_512;
    static final VectorSpecies<Integer> I = IntVector.SPECIES_512;
    /** Shorts of one group's tables: A (64), B (64), C (16 used of 32). */
    static final int TABLE = 160;
    /** t(code) of column k of an index, for the 64 indices of a 6-bit field: PATTERN[k][i]. */
    private static final short[][] PATTERN = new short[3][64];

    static {
        for (int k = 0; k < 3; k++) {
            for (int i = 0; i < 64; i++) {
                int code = (i >>> (2 * k)) & 3;
                PATTERN[k][i] = (short) (code == 3 ? 0 : code - 1);
            }
        }
    }

    /** Whether this CPU has the 512-bit vectors the kernel is written for. */
    static boolean supported() {
        return ShortVector.SPECIES_PREFERRED.vectorBitSize() >= 512;
    }

    /** Shorts of tables per token for {@code paddedCols} columns. */
    static int tableStride(int paddedCols) {
        return paddedCols / GROUP * TABLE;
    }

    /** Tables of one token's activations q[qOff, qOff + cols) (zero beyond cols) into tab[tabOff, ...). */
    static void tables(byte[] q, int qOff, int cols, int paddedCols, short[] tab, int tabOff) {
        ShortVector a0 = ShortVector.fromArray(S, PATTERN[0], 0), a1 = ShortVector.fromArray(S, PATTERN[0], LANES);
        ShortVector b0 = ShortVector.fromArray(S, PATTERN[1], 0), b1 = ShortVector.fromArray(S, PATTERN[1], LANES);
        ShortVector c0 = ShortVector.fromArray(S, PATTERN[2], 0), c1 = ShortVector.fromArray(S, PATTERN[2], LANES);
        for (int g = 0, c = 0; c < paddedCols; g++, c += GROUP) {
            int o = tabOff + g * TABLE;
            if (c + GROUP > cols) {
                scalarTable(q, qOff, cols, c, tab, o);
                continue;
            }
            short x0 = q[qOff + c], x1 = q[qOff + c + 1], x2 = q[qOff + c + 2], x3 = q[qOff + c + 3];
            short x4 = q[qOff + c + 4], x5 = q[qOff + c + 5], x6 = q[qOff + c + 6], x7 = q[qOff + c + 7];
            a0.mul(x0).add(b0.mul(x1)).add(c0.mul(x2)).intoArray(tab, o);
            a1.mul(x0).add(b1.mul(x1)).add(c1.mul(x2)).intoArray(tab, o + 32);
            a0.mul(x3).add(b0.mul(x4)).add(c0.mul(x5)).intoArray(tab, o + 64);
            a1.mul(x3).add(b1.mul(x4)).add(c1.mul(x5)).intoArray(tab, o + 96);
            a0.mul(x6).add(b0.mul(x7)).intoArray(tab, o + 128);
        }
    }

    /** The scalar twin of {@link #tables}. */
    static void tablesScalar(byte[] q, int qOff, int cols, int paddedCols, short[] tab, int tabOff) {
        for (int g = 0, c = 0; c < paddedCols; g++, c += GROUP) scalarTable(q, qOff, cols, c, tab, tabOff + g * TABLE);
    }

    private static void scalarTable(byte[] q, int qOff, int cols, int c, short[] tab, int o) {
        int[] x = new int[GROUP];
        for (int k = 0; k < GROUP; k++) x[k] = c + k < cols ? q[qOff + c + k] : 0;
        for (int i = 0; i < 64; i++) {
            tab[o + i] = (short) (PATTERN[0][i] * x[0] + PATTERN[1][i] * x[1] + PATTERN[2][i] * x[2]);
            tab[o + 64 + i] = (short) (PATTERN[0][i] * x[3] + PATTERN[1][i] * x[4] + PATTERN[2][i] * x[5]);
            if (i < 32) tab[o + 128 + i] = (short) (PATTERN[0][i] * x[6] + PATTERN[1][i] * x[7]);
        }
    }

    /**
     * Adds the exact sums Σ_c t[row, c]·q[token, c] of panels [p0, p1) for every token to
     * acc[accOff + token · paddedRows + row]. Token t's tables start at t · tabStride. A panel's block of
     * weights (8 KB) stays in L1 while every token uses it.
     */
    static void panels(TernaryTiles w, int p0, int p1, int tokens, short[] tab, int tabStride, int[] acc, int accOff) {
        MemorySegment data = w.data();
        int panels = w.panels(), rowsOut = w.paddedRows();
        short[] sums = SUMS.get();
        for (int b = 0; b < w.blocks(); b++) {
            for (int p = p0; p < p1; p++) {
                long start = ((long) b * panels + p) * GROUPS * GROUP_BYTES;
                for (int t = 0; t < tokens; t++) {
                    panelBlock(data, start, tab, t * tabStride + b * GROUPS * TABLE, acc, accOff + t * rowsOut + p * PANEL_ROWS, sums);
                }
            }
        }
    }

    /**
     * One block (16 groups) of one panel (8 tiles) for one token, added to acc[o, o + 256). Kept apart
     * from the loops above so that C2 compiles it whole: past its node budget it stops inlining the
     * vector helpers, and a vector passed to a call that is not inlined is boxed (3-5× slower).
     */
    private static void panelBlock(MemorySegment data, long off, short[] tab, int tb, int[] acc, int o, short[] sums) {
        ShortVector s0 = ShortVector.zero(S), s1 = s0, s2 = s0, s3 = s0, s4 = s0, s5 = s0, s6 = s0, s7 = s0;
        for (int g = 0; g < GROUPS; g++, tb += TABLE, off += GROUP_BYTES) {
            ShortVector al = ShortVector.fromArray(S, tab, tb), ah = ShortVector.fromArray(S, tab, tb + 32);
            ShortVector bl = ShortVector.fromArray(S, tab, tb + 64), bh = ShortVector.fromArray(S, tab, tb + 96);
            ShortVector c = ShortVector.fromArray(S, tab, tb + 128);
            ShortVector v;
            v = ShortVector.fromMemorySegment(S, data, off, ByteOrder.LITTLE_ENDIAN);
            s0 = s0.add(v.selectFrom(al, ah)).add(v.lanewise(VectorOperators.LSHR, 6).selectFrom(bl, bh)).add(v.lanewise(VectorOperators.LSHR, 12).selectFrom(c, c));
            v = ShortVector.fromMemorySegment(S, data, off + 64, ByteOrder.LITTLE_ENDIAN);
            s1 = s1.add(v.selectFrom(al, ah)).add(v.lanewise(VectorOperators.LSHR, 6).selectFrom(bl, bh)).add(v.lanewise(VectorOperators.LSHR, 12).selectFrom(c, c));
            v = ShortVector.fromMemorySegment(S, data, off + 128, ByteOrder.LITTLE_ENDIAN);
            s2 = s2.add(v.selectFrom(al, ah)).add(v.lanewise(VectorOperators.LSHR, 6).selectFrom(bl, bh)).add(v.lanewise(VectorOperators.LSHR, 12).selectFrom(c, c));
            v = ShortVector.fromMemorySegment(S, data, off + 192, ByteOrder.LITTLE_ENDIAN);
            s3 = s3.add(v.selectFrom(al, ah)).add(v.lanewise(VectorOperators.LSHR, 6).selectFrom(bl, bh)).add(v.lanewise(VectorOperators.LSHR, 12).selectFrom(c, c));
            v = ShortVector.fromMemorySegment(S, data, off + 256, ByteOrder.LITTLE_ENDIAN);
            s4 = s4.add(v.selectFrom(al, ah)).add(v.lanewise(VectorOperators.LSHR, 6).selectFrom(bl, bh)).add(v.lanewise(VectorOperators.LSHR, 12).selectFrom(c, c));
            v = ShortVector.fromMemorySegment(S, data, off + 320, ByteOrder.LITTLE_ENDIAN);
            s5 = s5.add(v.selectFrom(al, ah)).add(v.lanewise(VectorOperators.LSHR, 6).selectFrom(bl, bh)).add(v.lanewise(VectorOperators.LSHR, 12).selectFrom(c, c));
            v = ShortVector.fromMemorySegment(S, data, off + 384, ByteOrder.LITTLE_ENDIAN);
            s6 = s6.add(v.selectFrom(al, ah)).add(v.lanewise(VectorOperators.LSHR, 6).selectFrom(bl, bh)).add(v.lanewise(VectorOperators.LSHR, 12).selectFrom(c, c));
            v = ShortVector.fromMemorySegment(S, data, off + 448, ByteOrder.LITTLE_ENDIAN);
            s7 = s7.add(v.selectFrom(al, ah)).add(v.lanewise(VectorOperators.LSHR, 6).selectFrom(bl, bh)).add(v.lanewise(VectorOperators.LSHR, 12).selectFrom(c, c));
        }
        // Widening here would push C2 past its node budget; the lanes go through a short[] instead.
        s0.intoArray(sums, 0);
        s1.intoArray(sums, 32);
        s2.intoArray(sums, 64);
        s3.intoArray(sums, 96);
        s4.intoArray(sums, 128);
        s5.intoArray(sums, 160);
        s6.intoArray(sums, 192);
        s7.intoArray(sums, 224);
        addWidened(sums, acc, o);
    }

    /** A panel's 256 short sums on their way to int (one per thread: workers run panels concurrently). */
    private static final ThreadLocal<short[]> SUMS = ThreadLocal.withInitial(() -> new short[PANEL_ROWS]);

    /** acc[o + i] += sums[i] for the 256 rows of a panel. */
    private static void addWidened(short[] sums, int[] acc, int o) {
        for (int i = 0; i < PANEL_ROWS; i += LANES) {
            ShortVector s = ShortVector.fromArray(S, sums, i);
            IntVector.fromArray(I, acc, o + i).add(s.convertShape(VectorOperators.S2I, I, 0)).intoArray(acc, o + i);
            IntVector.fromArray(I, acc, o + i + 16).add(s.convertShape(VectorOperators.S2I, I, 1)).intoArray(acc, o + i + 16);
        }
    }

    /** The scalar twin of {@link #panels}: the same tables and indices, one lane at a time. */
    static void panelsScalar(TernaryTiles w, int p0, int p1, int tokens, short[] tab, int tabStride, int[] acc, int accOff) {
        MemorySegment data = w.data();
        for (int b = 0; b < w.blocks(); b++) {
            for (int p = p0; p < p1; p++) {
                long start = ((long) b * w.panels() + p) * GROUPS * GROUP_BYTES;
                for (int t = 0; t < tokens; t++) {
                    for (int r = 0; r < PANEL_ROWS; r++) {
                        short sum = 0;                      // wraps exactly as a short lane does
                        for (int g = 0; g < GROUPS; g++) {
                            int v = data.get(ValueLayout.JAVA_SHORT_UNALIGNED, start + (long) g * GROUP_BYTES + 2L * r) & 0xFFFF;
                            int tb = t * tabStride + (b * GROUPS + g) * TABLE;
                            sum += (short) (tab[tb + (v & 63)] + tab[tb + 64 + ((v >>> 6) & 63)] + tab[tb + 128 + (v >>> 12)]);
                        }
                        acc[accOff + t * w.paddedRows() + p * PANEL_ROWS + r] += sum;
                    }
                }
            }
        }
    }
}
