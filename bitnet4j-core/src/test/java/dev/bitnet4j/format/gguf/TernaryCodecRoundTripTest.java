package dev.bitnet4j.format.gguf;

import dev.bitnet4j.model.TernaryPacking;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/** encode then decode gives back the packed matrix and its scale, for every format and many shapes. */
class TernaryCodecRoundTripTest {
    final SplittableRandom rnd = new SplittableRandom(11);

    @Test
    void i2sRoundTripsIncludingChunksThatCrossRows() {
        // 4 × 32: one chunk spans four rows; 128 × 1: one weight per row; 16 × 200: rows end mid-chunk
        int[][] shapes = {{4, 32}, {128, 1}, {8, 48}, {4, 96}, {16, 200}, {12, 256}, {8, 640}, {16, 2560}, {4, 6912}};
        for (int[] s : shapes) roundTrip(I2sCodec.INSTANCE, s[0], s[1], rnd.nextFloat() * 10 + 1e-3f);
        roundTrip(I2sCodec.INSTANCE, 4, 32, Float.MIN_VALUE);   // any positive float32 scale survives
        roundTrip(I2sCodec.INSTANCE, 4, 32, Float.MAX_VALUE);
    }

    @Test
    void tqFormatsRoundTripOverManyBlocks() {
        int[][] shapes = {{4, 256}, {8, 512}, {4, 768}, {12, 1024}, {20, 2560}, {8, 6912}};
        for (TernaryCodec codec : new TernaryCodec[]{Tq2Codec.INSTANCE, Tq1Codec.INSTANCE}) {
            for (int[] s : shapes) roundTrip(codec, s[0], s[1], RandomFormats.f16Scale(rnd));
            roundTrip(codec, 4, 256, Float.float16ToFloat((short) 1));        // the smallest f16 subnormal
            roundTrip(codec, 4, 256, Float.float16ToFloat((short) 0x7BFF));   // the largest f16
        }
    }

    void roundTrip(TernaryCodec codec, int rows, int cols, float scale) {
        byte[] t = RandomFormats.ternary(rnd, rows, cols, 0.25);
        t[t.length - 1] = 1;   // one non-zero weight, or there is no scale to keep (see the all-zero test)
        byte[] packed = TernaryPacking.pack(t, rows, cols);
        try (Arena arena = Arena.ofConfined()) {   // off-heap, as a mapped file would be
            MemorySegment data = arena.allocate(codec.byteSize(rows, cols));
            codec.encode(MemorySegment.ofArray(packed), scale, rows, cols, data);
            MemorySegment back = arena.allocate((long) rows / 4 * cols);
            float decoded = codec.decode(data, rows, cols, back, "round trip");
            String what = codec.name() + " " + rows + "x" + cols;
            assertEquals(scale, decoded, what);
            assertArrayEquals(packed, back.toArray(java.lang.foreign.ValueLayout.JAVA_BYTE), what);
        }
    }

    /** All weights 0: producers store no scale (0), so decoding gives 1 (see TernaryCodec) and the same zeros. */
    @Test
    void anAllZeroTensorDecodesWithScaleOne() {
        for (TernaryCodec codec : new TernaryCodec[]{I2sCodec.INSTANCE, Tq2Codec.INSTANCE, Tq1Codec.INSTANCE}) {
            byte[] packed = TernaryPacking.pack(new byte[8 * 512], 8, 512);
            byte[] data = new byte[(int) codec.byteSize(8, 512)];
            codec.encode(MemorySegment.ofArray(packed), 0.75f, 8, 512, MemorySegment.ofArray(data));
            byte[] back = new byte[packed.length];
            assertEquals(1f, codec.decode(MemorySegment.ofArray(data), 8, 512, MemorySegment.ofArray(back), "zeros"), codec.name());
            assertArrayEquals(packed, back, codec.name());
        }
    }

    /** An I2_S tensor whose stored scale is positive keeps it, even when all its weights are 0. */
    @Test
    void anAllZeroI2sTensorKeepsAPositiveStoredScale() {
        byte[] data = RandomFormats.i2s(rnd, 4, 32, 0.125f);
        java.util.Arrays.fill(data, 0, 32, (byte) 0x55);
        byte[] back = new byte[32];
        assertEquals(0.125f, I2sCodec.INSTANCE.decode(MemorySegment.ofArray(data), 4, 32, MemorySegment.ofArray(back), "zeros"));
    }

    @Test
    void byteSizes() {
        assertEquals(2560L * 2560 / 4 + 32, I2sCodec.INSTANCE.byteSize(2560, 2560));
        assertEquals(6912L * 2560 / 256 * 66, Tq2Codec.INSTANCE.byteSize(6912, 2560));
        assertEquals(2560L * 6912 / 256 * 54, Tq1Codec.INSTANCE.byteSize(2560, 6912));
    }
}
