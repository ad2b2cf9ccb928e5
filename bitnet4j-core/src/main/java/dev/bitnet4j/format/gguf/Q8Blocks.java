package dev.bitnet4j.format.gguf;

import dev.bitnet4j.BitNetException;

import java.lang.foreign.MemorySegment;

import static dev.bitnet4j.format.gguf.PackedCodes.BYTE;
import static dev.bitnet4j.format.gguf.PackedCodes.FLOAT;
import static dev.bitnet4j.format.gguf.PackedCodes.SHORT;

/**
 * Q8_0, ggml type 8, as a quantizer may store {@code token_embd}: blocks of 32 values, each an f16 scale d
 * followed by 32 int8 q, value = d·q (ggml's {@code dequantize_row_q8_0}, a float32 product).
 */
public final class Q8Blocks {
    private Q8Blocks() {}

    public static final int BLOCK_VALUES = 32, BLOCK_BYTES = 34;

    /** Bytes of n values; throws a {@link BitNetException} unless n is a positive multiple of 32. */
    public static long byteSize(long n) {
        if (n <= 0 || n % BLOCK_VALUES != 0) {
            throw new BitNetException("Q8_0: " + n + " values are not a whole number of 32-value blocks");
        }
        return n / BLOCK_VALUES * BLOCK_BYTES;
    }

    /** Writes the n values of src (at least {@link #byteSize}(n) bytes) to dstF32 as little-endian float32. */
    public static void dequantize(MemorySegment src, long n, MemorySegment dstF32) {
        long bytes = byteSize(n);
        if (src.byteSize() < bytes || dstF32.byteSize() < 4 * n) {
            throw new BitNetException("Q8_0: " + n + " values take " + bytes + " bytes and decode to " + 4 * n
                    + "; found " + src.byteSize() + " and room for " + dstF32.byteSize());
        }
        for (long block = 0; block < n / BLOCK_VALUES; block++) {
            long in = block * BLOCK_BYTES, out = block * BLOCK_VALUES * 4;
            float d = Float.float16ToFloat(src.get(SHORT, in));
            for (int j = 0; j < BLOCK_VALUES; j++) dstF32.set(FLOAT, out + 4L * j, d * src.get(BYTE, in + 2 + j));
        }
    }
}
