package dev.bitnet4j.kernels;

import dev.bitnet4j.model.TernaryMatrix;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Ternary × int8 matrix product on the official packed layout, where byte (r, c) holds the codes
 * (ternary + 1, in {0, 1, 2}) of rows r, r+n, r+2n, r+3n of column c. This is where decoding spends
 * its time.
 * <p>
 * 64 packed bytes are loaded as 32 short lanes (with 512-bit vectors); lane j then holds columns
 * 2j (low byte) and 2j+1 (high byte) of four rows. {@code (w >>> s) & 3} extracts one row's codes,
 * which multiply the activations of the even and odd columns, pre-widened to shorts. The sum uses
 * codes, not ternary values: Σ t·x = Σ c·x − Σ x, and Σ x is subtracted once per token (the trick of
 * bitnet.cpp's I2_S kernel). Short lanes are widened to int before they could overflow.
 * For a prompt, each packed row is used for every token while it sits in L1.
 */
final class TernaryMatmul {
    private TernaryMatmul() {}

    static final VectorSpecies<Short> S = ShortVector.SPECIES_PREFERRED;
    static final VectorSpecies<Integer> I = IntVector.SPECIES_PREFERRED;
    /** Packed bytes (= columns) per vector load. */
    static final int STEP = 2 * S.length();
    /** Loads per block: each lane gains at most 2 · 2 · 128 = 512 per load, and 63 · 512 < 32768. */
    static final int BLOCK = 63;
    private static final short THREE = 3;

    /**
     * Splits each token's int8 activations into even and odd columns as shorts (xe[t·half + i] =
     * q[2i], xo[t·half + i] = q[2i+1]) and sums them. {@code half} = ceil(cols / 2).
     */
    static void prepare(byte[] q, int tokens, int cols, short[] xe, short[] xo, int[] sum) {
        int half = (cols + 1) / 2;
        for (int t = 0; t < tokens; t++) {
            int s = 0, src = t * cols, dst = t * half;
            for (int i = 0; i < half; i++) {
                short e = q[src + 2 * i];
                short o = 2 * i + 1 < cols ? q[src + 2 * i + 1] : 0;
                xe[dst + i] = e;
                xo[dst + i] = o;
                s += e + o;
            }
            sum[t] = s;
        }
    }

    /** Packed rows [r0, r1) (each giving four output rows) for all tokens; out[t·rows + row] as in Kernels.bitlinear. */
    static void rows(TernaryMatrix m, int r0, int r1, int tokens, short[] xe, short[] xo, int[] sum, float[] s, float[] out) {
        int rows = m.rows(), cols = m.cols(), n = rows / 4, half = (cols + 1) / 2;
        int vectorCols = cols - cols % STEP;
        MemorySegment w = m.packed();
        float scale = m.scale();
        for (int r = r0; r < r1; r++) {
            long rowOff = (long) r * cols;
            for (int t = 0; t < tokens; t++) {
                int xb = t * half;
                int d0 = 0, d1 = 0, d2 = 0, d3 = 0;
                for (int c = 0; c < vectorCols; ) {
                    int end = Math.min(vectorCols, c + BLOCK * STEP);
                    ShortVector a0 = ShortVector.zero(S), a1 = a0, a2 = a0, a3 = a0;
                    for (; c < end; c += STEP) {
                        ShortVector v = ShortVector.fromMemorySegment(S, w, rowOff + c, ByteOrder.LITTLE_ENDIAN);
                        ShortVector e = ShortVector.fromArray(S, xe, xb + c / 2);
                        ShortVector o = ShortVector.fromArray(S, xo, xb + c / 2);
                        a0 = a0.add(v.and(THREE).mul(e)).add(v.lanewise(VectorOperators.LSHR, 8).and(THREE).mul(o));
                        a1 = a1.add(v.lanewise(VectorOperators.LSHR, 2).and(THREE).mul(e))
                                .add(v.lanewise(VectorOperators.LSHR, 10).and(THREE).mul(o));
                        a2 = a2.add(v.lanewise(VectorOperators.LSHR, 4).and(THREE).mul(e))
                                .add(v.lanewise(VectorOperators.LSHR, 12).and(THREE).mul(o));
                        a3 = a3.add(v.lanewise(VectorOperators.LSHR, 6).and(THREE).mul(e))
                                .add(v.lanewise(VectorOperators.LSHR, 14).and(THREE).mul(o));
                    }
                    d0 += widenSum(a0);
                    d1 += widenSum(a1);
                    d2 += widenSum(a2);
                    d3 += widenSum(a3);
                }
                for (int c = vectorCols; c < cols; c++) {      // columns past the last full vector
                    int b = w.get(ValueLayout.JAVA_BYTE, rowOff + c);
                    int x = (c & 1) == 0 ? xe[xb + c / 2] : xo[xb + c / 2];
                    d0 += (b & 3) * x;
                    d1 += ((b >> 2) & 3) * x;
                    d2 += ((b >> 4) & 3) * x;
                    d3 += ((b >> 6) & 3) * x;
                }
                int o = t * rows + r, x = sum[t];
                out[o] = (d0 - x) / s[t] * scale;
                out[o + n] = (d1 - x) / s[t] * scale;
                out[o + 2 * n] = (d2 - x) / s[t] * scale;
                out[o + 3 * n] = (d3 - x) / s[t] * scale;
            }
        }
    }

    private static int widenSum(ShortVector a) {
        return ((IntVector) a.convertShape(VectorOperators.S2I, I, 0)).reduceLanes(VectorOperators.ADD)
                + ((IntVector) a.convertShape(VectorOperators.S2I, I, 1)).reduceLanes(VectorOperators.ADD);
    }
}
