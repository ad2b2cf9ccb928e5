package dev.bitnet4j.tensor;

import dev.bitnet4j.BitNetException;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A named, typed, shaped view of bytes that usually live in a memory-mapped file. Nothing is copied:
 * {@code data} is a slice of the mapping, valid while the file that owns it is open.
 */
public record Tensor(String name, DType dtype, long[] shape, MemorySegment data, Path file) {

    public static final ValueLayout.OfShort SHORT = ValueLayout.JAVA_SHORT_UNALIGNED;
    public static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED;

    public long numel() {
        return numel(shape);
    }

    public static long numel(long[] shape) {
        long n = 1;
        for (long d : shape) n = Math.multiplyExact(n, d);
        return n;
    }

    /** Element i as float32, for the float dtypes (BF16, F16, F32). */
    public float getFloat(long i) {
        return switch (dtype) {
            case BF16 -> Floats.bf16ToFloat(data.get(SHORT, i * 2));
            case F16 -> Floats.f16ToFloat(data.get(SHORT, i * 2));
            case F32 -> data.get(FLOAT, i * 4);
            default -> throw new BitNetException(where() + ": dtype " + dtype + " is not a float type");
        };
    }

    /** Copies a small float tensor (a norm weight, a scale) to the heap as float32. */
    public float[] toFloatArray() {
        requireFloat();
        long n = numel();
        if (n > Integer.MAX_VALUE) throw new BitNetException(where() + ": too large to copy (" + n + " elements)");
        float[] out = new float[(int) n];
        for (int i = 0; i < out.length; i++) out[i] = getFloat(i);
        return out;
    }

    public Tensor requireFloat() {
        if (dtype != DType.BF16 && dtype != DType.F16 && dtype != DType.F32) {
            throw new BitNetException(where() + ": expected a BF16, F16 or F32 tensor, found " + dtype);
        }
        return this;
    }

    public Tensor requireDType(DType expected) {
        if (dtype != expected) throw new BitNetException(where() + ": expected dtype " + expected + ", found " + dtype);
        return this;
    }

    public Tensor requireShape(long... expected) {
        if (!Arrays.equals(shape, expected)) {
            throw new BitNetException(where() + ": expected shape " + Arrays.toString(expected)
                    + ", found " + Arrays.toString(shape));
        }
        return this;
    }

    /** "tensor X in file Y", for error messages. */
    public String where() {
        return "tensor '" + name + "' in " + file;
    }

    @Override
    public String toString() {
        return name + " " + dtype + Arrays.toString(shape);
    }
}
