package dev.bitnet4j.kernels;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * bf16 matrix × float32 vectors: the lm_head (the tied embedding, 0.66 GB for 2B4T, read once per
 * generated token). A bf16 value is the top half of a float32, so widening is a shift by 16.
 */
final class Bf16Matmul {
    private Bf16Matmul() {}

    static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    static final VectorSpecies<Integer> I = IntVector.SPECIES_PREFERRED;
    /** Shorts of half the float vector's width: one bf16 per float lane. */
    static final VectorSpecies<Short> H = VectorSpecies.of(short.class, VectorShape.forBitSize(F.vectorBitSize() / 2));

    /** Rows [j0, j1) of W [rows, cols] for all tokens: out[outOff + t·rows + j] = Σ_c W[j, c] · x[xOff + t·cols + c]. */
    static void rows(MemorySegment w, int rows, int cols, int j0, int j1, float[] x, int xOff, int tokens,
                     float[] out, int outOff, float[] lanes) {
        int step = F.length(), vectorCols = cols - cols % (2 * step);
        for (int j = j0; j < j1; j++) {
            long rowOff = (long) j * cols * 2;
            for (int t = 0; t < tokens; t++) {
                int xb = xOff + t * cols;
                FloatVector acc0 = FloatVector.zero(F), acc1 = acc0;
                for (int c = 0; c < vectorCols; c += 2 * step) {
                    acc0 = widen(w, rowOff + 2L * c).fma(FloatVector.fromArray(F, x, xb + c), acc0);
                    acc1 = widen(w, rowOff + 2L * (c + step)).fma(FloatVector.fromArray(F, x, xb + c + step), acc1);
                }
                float sum = FloatLanes.sum(acc0.add(acc1), lanes);
                for (int c = vectorCols; c < cols; c++) {
                    sum += Float.intBitsToFloat(w.get(ValueLayout.JAVA_SHORT_UNALIGNED, rowOff + 2L * c) << 16) * x[xb + c];
                }
                out[outOff + t * rows + j] = sum;
            }
        }
    }

    /** Bytes with one lane per float lane. */
    static final VectorSpecies<Byte> B = VectorSpecies.of(byte.class, VectorShape.forBitSize(F.vectorBitSize() / 4));

    /** The int8 rows [j0, j1) of a per-row-scaled matrix, as {@link #rows} does for bf16. */
    static void q8Rows(MemorySegment w, float[] scales, int cols, int rows, int j0, int j1, float[] x, int xOff, int tokens,
                       float[] out, int outOff, float[] lanes) {
        int step = F.length(), vectorCols = cols - cols % (2 * step);
        for (int j = j0; j < j1; j++) {
            long rowOff = (long) j * cols;
            for (int t = 0; t < tokens; t++) {
                int xb = xOff + t * cols;
                FloatVector acc0 = FloatVector.zero(F), acc1 = acc0;
                for (int c = 0; c < vectorCols; c += 2 * step) {
                    acc0 = widenQ8(w, rowOff + c).fma(FloatVector.fromArray(F, x, xb + c), acc0);
                    acc1 = widenQ8(w, rowOff + c + step).fma(FloatVector.fromArray(F, x, xb + c + step), acc1);
                }
                float sum = FloatLanes.sum(acc0.add(acc1), lanes);
                for (int c = vectorCols; c < cols; c++) sum += w.get(ValueLayout.JAVA_BYTE, rowOff + c) * x[xb + c];
                out[outOff + t * rows + j] = sum * scales[j];
            }
        }
    }

    private static FloatVector widenQ8(MemorySegment w, long offset) {
        return (FloatVector) ByteVector.fromMemorySegment(B, w, offset, ByteOrder.LITTLE_ENDIAN)
                .convertShape(VectorOperators.B2F, F, 0);
    }

    private static FloatVector widen(MemorySegment w, long byteOffset) {
        ShortVector bits = ShortVector.fromMemorySegment(H, w, byteOffset, ByteOrder.LITTLE_ENDIAN);
        return ((IntVector) bits.convertShape(VectorOperators.S2I, I, 0)).lanewise(VectorOperators.LSHL, 16)
                .reinterpretAsFloats();
    }
}
