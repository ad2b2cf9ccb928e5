package dev.bitnet4j.kernels;

import dev.bitnet4j.tensor.DType;
import dev.bitnet4j.tensor.Tensor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/** The vector f16 product: its widening exact on every f16, its sums held to the scalar twin and to the bf16 path. */
class F16MatmulTest {
    static final ScalarKernels scalar = new ScalarKernels();
    static final VectorKernels one = new VectorKernels(1), three = new VectorKernels(3);
    final SplittableRandom rnd = new SplittableRandom(16);

    @AfterAll
    static void close() {
        one.close();
        three.close();
    }

    /**
     * All 65536 bit patterns give Float.float16ToFloat's bits, signed zeros and subnormals included; NaN stays NaN
     * (float16ToFloat, like the hardware conversion it compiles to, sets the quiet bit of a signalling NaN; widen
     * leaves it: no product depends on a NaN's payload).
     */
    @Test
    void widensEveryF16Exactly() {
        MemorySegment all = MemorySegment.ofArray(new short[65536]);
        for (int b = 0; b < 65536; b++) all.set(Tensor.SHORT, 2L * b, (short) b);
        int lanes = Bf16Matmul.F.length();
        float[] got = new float[lanes];
        for (int b = 0; b < 65536; b += lanes) {
            F16Matmul.widen(all, 2L * b).intoArray(got, 0);
            for (int i = 0; i < lanes; i++) {
                float expected = Float.float16ToFloat((short) (b + i));
                if (Float.isNaN(expected)) {
                    assertTrue(Float.isNaN(got[i]), "f16 0x" + Integer.toHexString(b + i));
                    continue;
                }
                assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(got[i]), "f16 0x" + Integer.toHexString(b + i));
            }
        }
    }

    /** A random f16 of any class but inf/NaN: one in eight subnormal, one in sixteen ±0, large ones up to 65504. */
    short randomF16() {
        int sign = rnd.nextBoolean() ? 0x8000 : 0;
        return switch (rnd.nextInt(16)) {
            case 0 -> (short) sign;
            case 1, 2 -> (short) (sign | rnd.nextInt(1, 0x400));
            case 3 -> (short) (sign | rnd.nextInt(0x7000, 0x7C00));
            default -> (short) (sign | rnd.nextInt(0x3000, 0x4400));
        };
    }

    Tensor f16Matrix(int rows, int cols, java.util.function.IntSupplier bits) {
        MemorySegment seg = MemorySegment.ofArray(new short[rows * cols]);
        for (long i = 0; i < (long) rows * cols; i++) seg.set(Tensor.SHORT, 2 * i, (short) bits.getAsInt());
        return new Tensor("w", DType.F16, new long[]{rows, cols}, seg, Path.of("test"));
    }

    /** The standard of the bf16 product's test: each output within 1e-6 of Σ|w·x| of the scalar twin's. */
    @Test
    void productMatchesTheScalarTwinWithinRounding() {
        int[][] shapes = {{1, 1}, {1, 31}, {3, 17}, {5, 32}, {7, 33}, {2, 47}, {64, 256}, {130, 2560}};
        for (int[] shape : shapes) {
            for (int tokens : new int[]{1, 3}) {
                int rows = shape[0], cols = shape[1], xOff = 2, outOff = 1;
                Tensor w = f16Matrix(rows, cols, this::randomF16);
                float[] x = new float[xOff + tokens * cols];
                for (int i = 0; i < x.length; i++) x[i] = (float) rnd.nextGaussian();
                float[] expected = new float[outOff + tokens * rows], a = new float[expected.length], b = new float[expected.length];
                scalar.floatMatmul(w, x, xOff, tokens, expected, outOff);
                one.floatMatmul(w, x, xOff, tokens, a, outOff);
                three.floatMatmul(w, x, xOff, tokens, b, outOff);
                assertArrayEquals(a, b, "1 vs 3 threads");
                for (int t = 0; t < tokens; t++) {
                    for (int j = 0; j < rows; j++) {
                        double bound = 0;
                        for (int c = 0; c < cols; c++) bound += Math.abs(w.getFloat((long) j * cols + c) * x[xOff + t * cols + c]);
                        int at = outOff + t * rows + j;
                        assertEquals(expected[at], a[at], 1e-6 * bound + 1e-30, rows + "x" + cols + " T=" + tokens);
                    }
                }
            }
        }
    }

    /** Where the scalar twin gives ±inf or NaN, so does the vector path. */
    @Test
    void infinitiesReachTheOutputAsInTheScalarTwin() {
        int rows = 4, cols = 40;
        Tensor w = f16Matrix(rows, cols, this::randomF16);
        w.data().set(Tensor.SHORT, 2L * 3, (short) 0x7C00);                    // row 0: +inf in a vector part
        w.data().set(Tensor.SHORT, 2L * (cols + 39), (short) 0xFC00);          // row 1: -inf in the scalar tail
        w.data().set(Tensor.SHORT, 2L * (2 * cols), (short) 0x7C00);           // row 2: both, so NaN
        w.data().set(Tensor.SHORT, 2L * (2 * cols + 20), (short) 0xFC00);
        float[] x = new float[cols];
        for (int i = 0; i < cols; i++) x[i] = 0.5f + rnd.nextFloat();
        float[] expected = new float[rows], got = new float[rows];
        scalar.floatMatmul(w, x, 0, 1, expected, 0);
        three.floatMatmul(w, x, 0, 1, got, 0);
        assertEquals(Float.POSITIVE_INFINITY, got[0]);
        assertEquals(Float.NEGATIVE_INFINITY, got[1]);
        assertTrue(Float.isNaN(got[2]));
        for (int j = 0; j < 3; j++) assertEquals(expected[j], got[j], "row " + j);   // the same inf, -inf, NaN
    }

    /** Values that are both f16 and bf16 (the low 3 f16 mantissa bits 0) give the bf16 path's bits: the same sum order. */
    @Test
    void equalsTheBf16PathBitForBit() {
        for (int[] shape : new int[][]{{1, 1}, {3, 17}, {7, 33}, {9, 64}, {130, 2560}}) {
            int rows = shape[0], cols = shape[1], tokens = 2;
            Tensor f16 = f16Matrix(rows, cols, () -> randomF16() & ~7);
            MemorySegment bf16Bits = MemorySegment.ofArray(new short[rows * cols]);
            for (long i = 0; i < (long) rows * cols; i++) {
                int bits = Float.floatToRawIntBits(f16.getFloat(i));
                assertEquals(0, bits & 0xFFFF, "not a bf16");
                bf16Bits.set(Tensor.SHORT, 2 * i, (short) (bits >>> 16));
            }
            Tensor bf16 = new Tensor("w", DType.BF16, new long[]{rows, cols}, bf16Bits, Path.of("test"));
            float[] x = new float[tokens * cols];
            for (int i = 0; i < x.length; i++) x[i] = (float) rnd.nextGaussian();
            float[] a = new float[tokens * rows], b = new float[tokens * rows];
            three.floatMatmul(f16, x, 0, tokens, a, 0);
            three.floatMatmul(bf16, x, 0, tokens, b, 0);
            assertArrayEquals(b, a, rows + "x" + cols);
        }
    }
}
