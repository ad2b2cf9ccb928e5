package dev.bitnet4j.model;

import dev.bitnet4j.tensor.Tensor;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * A float matrix stored as int8 with one float scale per row: W[j, c] ≈ scale[j] · q[j, c], with
 * q = rint(W / scale) and scale = max|W[j, ·]| / 127. Used for the optional int8 lm_head
 * ({@code --lm-head q8}), which reads half the bytes of the bf16 one per generated token.
 */
public record Q8Matrix(int rows, int cols, MemorySegment data, float[] scales) {

    /** Quantizes a float (bf16/f16/f32) matrix [rows, cols] into off-heap memory from {@code arena}. */
    public static Q8Matrix quantize(Tensor w, Arena arena) {
        int rows = (int) w.shape()[0], cols = (int) w.shape()[1];
        MemorySegment data = arena.allocate((long) rows * cols, 64);
        float[] scales = new float[rows];
        java.util.stream.IntStream.range(0, rows).parallel().forEach(j -> {
            long base = (long) j * cols;
            float amax = 0;
            for (int c = 0; c < cols; c++) amax = Math.max(amax, Math.abs(w.getFloat(base + c)));
            float scale = amax == 0 ? 1f : amax / 127f;
            scales[j] = scale;
            for (int c = 0; c < cols; c++) {
                data.set(ValueLayout.JAVA_BYTE, base + c, (byte) Math.rint(w.getFloat(base + c) / scale));
            }
        });
        return new Q8Matrix(rows, cols, data, scales);
    }
}
