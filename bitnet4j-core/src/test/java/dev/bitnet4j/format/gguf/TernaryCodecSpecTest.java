package dev.bitnet4j.format.gguf;

import dev.bitnet4j.model.TernaryPacking;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/** The codecs against gguf-ternary.md: its worked examples, its per-weight formulas, and the producers' bytes. */
class TernaryCodecSpecTest {
    final SplittableRandom rnd = new SplittableRandom(7);
    static final int[][] I2S_SHAPES = {{4, 32}, {128, 1}, {8, 48}, {4, 96}, {16, 200}, {12, 256}, {8, 2560}};
    static final int[][] TQ_SHAPES = {{4, 256}, {8, 512}, {4, 768}, {12, 2560}, {8, 6912}};

    static byte[] decode(TernaryCodec codec, byte[] data, int rows, int cols, float[] scale) {
        byte[] packed = new byte[rows / 4 * cols];
        scale[0] = codec.decode(MemorySegment.ofArray(data), rows, cols, MemorySegment.ofArray(packed), "test");
        return packed;
    }

    static byte[] encode(TernaryCodec codec, byte[] packed, float scale, int rows, int cols) {
        byte[] data = new byte[(int) codec.byteSize(rows, cols)];
        codec.encode(MemorySegment.ofArray(packed), scale, rows, cols, MemorySegment.ofArray(data));
        return data;
    }

    /** §2: byte 0b10_01_00_10 gives +1, 0, −1, +1 for the weights p, p+32, p+64, p+96 of its chunk. */
    @Test
    void i2sWorkedExample() {
        byte[] data = new byte[4 * 32 / 4 + 32];
        Arrays.fill(data, 0, 32, (byte) 0x55);
        data[5] = (byte) 0b10_01_00_10;
        int half = Float.floatToRawIntBits(0.5f);
        for (int b = 0; b < 4; b++) data[32 + b] = (byte) (half >>> 8 * b);
        float[] scale = new float[1];
        byte[] packed = decode(I2sCodec.INSTANCE, data, 4, 32, scale);
        assertEquals(0.5f, scale[0]);
        byte[] t = TernaryPacking.unpack(MemorySegment.ofArray(packed), 4, 32);
        byte[] expected = new byte[128];   // rows of 32: the weights 5, 37, 69, 101 are column 5 of rows 0…3
        expected[5] = 1;
        expected[69] = -1;
        expected[101] = 1;
        assertArrayEquals(expected, t);
        assertArrayEquals(data, encode(I2sCodec.INSTANCE, packed, 0.5f, 4, 32));
    }

    /** §4: trits (2, 1, 0, 1, 2) → P = 194 → B = 205, and 205 decodes back to them. */
    @Test
    void tq1WorkedExample() {
        long lanes = Base3Bytes.encode(2, 1, 0, 1, 2);
        assertEquals(205, lanes & 0xFF);
        int[] trits = new int[5];
        long x = 205;
        for (int i = 0; i < 5; i++) {
            trits[i] = (int) Base3Bytes.trit(x);
            assertEquals(trits[i], Base3Bytes.tritOf(205, i));
            x = Base3Bytes.times3(x);
        }
        assertArrayEquals(new int[]{2, 1, 0, 1, 2}, trits);

        byte[] t = new byte[4 * 256];   // qs[7] holds the weights 7, 39, 71, 103, 135 of row 0's block
        t[7] = 1;
        t[71] = -1;
        t[135] = 1;
        byte[] data = encode(Tq1Codec.INSTANCE, TernaryPacking.pack(t, 4, 256), 0.25f, 4, 256);
        assertEquals(205, data[7] & 0xFF);
        assertEquals(128, data[8] & 0xFF);     // trits 1 1 1 1 1: P = 121, all zero weights
        assertEquals(127, data[48] & 0xFF);    // qh: 1 1 1 1 then 0: P = 120
        assertEquals(Float.floatToFloat16(0.25f), (short) (data[52] & 0xFF | data[53] << 8));
        float[] scale = new float[1];
        assertArrayEquals(t, TernaryPacking.unpack(MemorySegment.ofArray(decode(Tq1Codec.INSTANCE, data, 4, 256, scale)), 4, 256));
        assertEquals(0.25f, scale[0]);
    }

    @Test
    void decodersAgreeWithTheSpecFormulasOnRandomBytes() {
        for (int[] s : I2S_SHAPES) {
            float scale = rnd.nextFloat() + 0.01f;
            byte[] data = RandomFormats.i2s(rnd, s[0], s[1], scale);
            checkAgainstFormulas(I2sCodec.INSTANCE, data, s[0], s[1], (r, c) -> SpecReference.i2sCode(data, s[1], r, c),
                    SpecReference.i2sScale(data, s[0], s[1]));
        }
        for (int[] s : TQ_SHAPES) {
            short d = Float.floatToFloat16(RandomFormats.f16Scale(rnd));
            byte[] tq2 = RandomFormats.tq2(rnd, s[0], s[1], d), tq1 = RandomFormats.tq1(rnd, s[0], s[1], d);
            checkAgainstFormulas(Tq2Codec.INSTANCE, tq2, s[0], s[1], (r, c) -> SpecReference.tq2Code(tq2, s[1], r, c),
                    Float.float16ToFloat(d));
            checkAgainstFormulas(Tq1Codec.INSTANCE, tq1, s[0], s[1], (r, c) -> SpecReference.tq1Code(tq1, s[1], r, c),
                    Float.float16ToFloat(d));
            for (int r = 0; r < s[0]; r++) {   // and each block's d is the tensor's scale, or 0 for an all-zero block
                for (int c = 0; c < s[1]; c += 256) {
                    float d2 = SpecReference.tq2D(tq2, s[1], r, c), d1 = SpecReference.tq1D(tq1, s[1], r, c);
                    assertTrue(d2 == 0 || d2 == Float.float16ToFloat(d), "tq2 d " + d2);
                    assertTrue(d1 == 0 || d1 == Float.float16ToFloat(d), "tq1 d " + d1);
                }
            }
        }
    }

    interface CodeAt {
        int code(int r, int c);
    }

    void checkAgainstFormulas(TernaryCodec codec, byte[] data, int rows, int cols, CodeAt reference, float expectedScale) {
        float[] scale = new float[1];
        byte[] packed = decode(codec, data, rows, cols, scale);
        assertEquals(expectedScale, scale[0], codec.name());
        MemorySegment seg = MemorySegment.ofArray(packed);
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                int code = reference.code(r, c);
                assertTrue(code <= 2);
                assertEquals(code - 1, TernaryPacking.get(seg, rows, cols, r, c), codec.name() + " " + rows + "x" + cols + " (" + r + ", " + c + ")");
            }
        }
        byte[] again = encode(codec, packed, scale[0], rows, cols);   // and back to the same bytes, padding aside
        int compared = codec == I2sCodec.INSTANCE ? data.length - 28 : data.length;
        assertArrayEquals(Arrays.copyOf(data, compared), Arrays.copyOf(again, compared), codec.name() + " re-encoded");
    }

    @Test
    void encodeWritesWhatTheProducersWrite() {
        for (int[] s : I2S_SHAPES) {
            float scale = rnd.nextFloat() + 0.01f;
            byte[] t = RandomFormats.ternary(rnd, s[0], s[1], 0.2);
            assertArrayEquals(SpecReference.quantizeI2s(weights(t, scale), s[0], s[1]),
                    encode(I2sCodec.INSTANCE, TernaryPacking.pack(t, s[0], s[1]), scale, s[0], s[1]), "I2_S " + s[0] + "x" + s[1]);
        }
        for (int[] s : TQ_SHAPES) {
            float scale = RandomFormats.f16Scale(rnd);
            byte[] t = RandomFormats.ternary(rnd, s[0], s[1], 0.2), packed = TernaryPacking.pack(t, s[0], s[1]);
            float[] x = weights(t, scale);
            assertArrayEquals(SpecReference.quantizeTq2(x, x.length), encode(Tq2Codec.INSTANCE, packed, scale, s[0], s[1]), "TQ2_0");
            assertArrayEquals(SpecReference.quantizeTq1(x, x.length), encode(Tq1Codec.INSTANCE, packed, scale, s[0], s[1]), "TQ1_0");
        }
        byte[] zeros = new byte[4 * 256];   // an all-zero tensor: scale 0 in I2_S, d = 0 in every TQ block
        byte[] packedZeros = TernaryPacking.pack(zeros, 4, 256);
        assertArrayEquals(SpecReference.quantizeI2s(new float[1024], 4, 256), encode(I2sCodec.INSTANCE, packedZeros, 3f, 4, 256));
        assertArrayEquals(SpecReference.quantizeTq2(new float[1024], 1024), encode(Tq2Codec.INSTANCE, packedZeros, 3f, 4, 256));
        assertArrayEquals(SpecReference.quantizeTq1(new float[1024], 1024), encode(Tq1Codec.INSTANCE, packedZeros, 3f, 4, 256));
    }

    static float[] weights(byte[] t, float scale) {
        float[] x = new float[t.length];
        for (int i = 0; i < t.length; i++) x[i] = t[i] * scale;
        return x;
    }
}
