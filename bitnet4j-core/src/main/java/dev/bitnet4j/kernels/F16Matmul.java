package dev.bitnet4j.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

import static dev.bitnet4j.kernels.Bf16Matmul.F;
import static dev.bitnet4j.kernels.Bf16Matmul.H;
import static dev.bitnet4j.kernels.Bf16Matmul.I;

/**
 * f16 matrix × float32 vectors: the lm_head of GGUF files, which store {@code token_embd} as F16. The loop and
 * its lane-sum order are those of {@link Bf16Matmul#rows}, so a matrix whose values are also bf16 gives the same
 * bits either way. jdk.incubator.vector has no f16 conversion (S2F converts the integer), so the widening works on
 * the bits, see {@link #widen}.
 */
final class F16Matmul {
    private F16Matmul() {}

    private static final float TWO_POW_112 = 0x1p112f;
    /** The exponent bits of f16 and of float32: all ones for inf and NaN. */
    private static final int F16_EXPONENT = 0x7C00, F32_EXPONENT = 0x7F800000;
    /** Bit 31 and bits 0–27 of a shifted f16: all but the copies of its sign. */
    private static final int SIGN_EXPONENT_MANTISSA = 0x8FFFFFFF;

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
                    sum += Float.float16ToFloat(w.get(ValueLayout.JAVA_SHORT_UNALIGNED, rowOff + 2L * c)) * x[xb + c];
                }
                out[outOff + t * rows + j] = sum;
            }
        }
    }

    /**
     * The F.length() f16 values at byteOffset as float32, bit for bit as {@link Float#float16ToFloat} gives them,
     * except that a signalling NaN stays signalling (its payload is kept, the quiet bit not forced).
     * Sign-extended to 32 bits and shifted left by 13, an f16 has its sign at bit 31, copies of it at bits 28–30
     * (cleared) and its exponent and mantissa where float32 keeps them, with an exponent 112 too small: one exact
     * multiply by 2^112 then gives the value, sign, subnormals and zeros included. Exponent 31 (inf, NaN) would
     * come out finite, so those lanes get float32's all-ones exponent ORed in, keeping the mantissa.
     */
    static FloatVector widen(MemorySegment w, long byteOffset) {
        IntVector h = (IntVector) ShortVector.fromMemorySegment(H, w, byteOffset, ByteOrder.LITTLE_ENDIAN)
                .convertShape(VectorOperators.S2I, I, 0);
        FloatVector scaled = h.lanewise(VectorOperators.LSHL, 13).and(SIGN_EXPONENT_MANTISSA).reinterpretAsFloats().mul(TWO_POW_112);
        VectorMask<Integer> infOrNan = h.and(F16_EXPONENT).compare(VectorOperators.EQ, F16_EXPONENT);
        return scaled.reinterpretAsInts().lanewise(VectorOperators.OR, F32_EXPONENT, infOrNan).reinterpretAsFloats();
    }
}
