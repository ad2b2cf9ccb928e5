package dev.bitnet4j.format.gguf;

import dev.bitnet4j.BitNetException;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

class Q8BlocksTest {
    /** Each value is the float32 product d·q of its block's f16 d and its int8 q, as ggml's dequantize_row_q8_0. */
    @Test
    void dequantizesBlockByBlock() {
        SplittableRandom rnd = new SplittableRandom(5);
        int n = 3 * 32;
        byte[] src = new byte[3 * 34];
        short[] d = {Float.floatToFloat16(0.0123f), (short) 0x0001, Float.floatToFloat16(-3.5f)};   // incl. a subnormal, a negative d
        for (int b = 0; b < 3; b++) {
            RandomFormats.putShort(src, 34 * b, d[b]);
            for (int j = 0; j < 32; j++) src[34 * b + 2 + j] = (byte) rnd.nextInt(-128, 128);
        }
        src[2] = -128;
        src[3] = 127;
        float[] out = new float[n];
        Q8Blocks.dequantize(MemorySegment.ofArray(src), n, MemorySegment.ofArray(out));
        for (int i = 0; i < n; i++) {
            float expected = Float.float16ToFloat(d[i / 32]) * src[34 * (i / 32) + 2 + i % 32];
            assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(out[i]), "value " + i);
        }
        assertEquals(-128 * Float.float16ToFloat(d[0]), out[0]);
        assertEquals(-3.5f * src[34 * 2 + 2 + 31], out[95]);
    }

    @Test
    void writesLittleEndianFloat32IntoAnyDestination() {
        byte[] src = new byte[34];
        RandomFormats.putShort(src, 0, Float.floatToFloat16(0.5f));
        src[2 + 7] = 6;
        byte[] dst = new byte[4 * 32];
        Q8Blocks.dequantize(MemorySegment.ofArray(src), 32, MemorySegment.ofArray(dst));
        assertEquals(3f, MemorySegment.ofArray(dst).get(ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(java.nio.ByteOrder.LITTLE_ENDIAN), 4 * 7));
        assertEquals(0x40400000, (dst[28] & 0xFF) | (dst[29] & 0xFF) << 8 | (dst[30] & 0xFF) << 16 | (dst[31] & 0xFF) << 24);
    }

    @Test
    void refusesPartialBlocksAndShortBuffers() {
        assertEquals(34L * 80, Q8Blocks.byteSize(2560));
        String partial = assertThrows(BitNetException.class, () -> Q8Blocks.byteSize(40)).getMessage();
        assertTrue(partial.contains("40 values are not a whole number of 32-value blocks"), partial);
        String shortSrc = assertThrows(BitNetException.class,
                () -> Q8Blocks.dequantize(MemorySegment.ofArray(new byte[67]), 64, MemorySegment.ofArray(new float[64]))).getMessage();
        assertTrue(shortSrc.contains("64 values take 68 bytes"), shortSrc);
        assertThrows(BitNetException.class,
                () -> Q8Blocks.dequantize(MemorySegment.ofArray(new byte[68]), 64, MemorySegment.ofArray(new float[63])));
    }
}
