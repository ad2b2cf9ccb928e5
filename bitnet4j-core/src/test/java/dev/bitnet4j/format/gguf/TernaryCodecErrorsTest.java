package dev.bitnet4j.format.gguf;

import dev.bitnet4j.BitNetException;
import dev.bitnet4j.model.TernaryPacking;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/** Every way a tensor can fail to be one BitNet ternary matrix with one scale, and the message that says so. */
class TernaryCodecErrorsTest {
    static final String WHERE = "tensor 'blk.0.attn_q.weight' in m.gguf";
    final SplittableRandom rnd = new SplittableRandom(3);

    static void fails(Executable action, String... phrases) {
        String message = assertThrows(BitNetException.class, action).getMessage();
        for (String phrase : phrases) assertTrue(message.contains(phrase), "'" + phrase + "' not in: " + message);
    }

    static float decode(TernaryCodec codec, byte[] data, int rows, int cols) {
        return codec.decode(MemorySegment.ofArray(data), rows, cols, MemorySegment.ofArray(new byte[rows / 4 * cols]), WHERE);
    }

    static void encode(TernaryCodec codec, byte[] packed, float scale, int rows, int cols) {
        codec.encode(MemorySegment.ofArray(packed), scale, rows, cols, MemorySegment.ofArray(new byte[(int) codec.byteSize(rows, cols)]));
    }

    static void setFloat(byte[] data, int at, float v) {
        int bits = Float.floatToRawIntBits(v);
        for (int b = 0; b < 4; b++) data[at + b] = (byte) (bits >>> 8 * b);
    }

    @Test
    void i2sCode3NamesTheByteAndTheWeight() {
        for (int cols : new int[]{256, 48}) {   // whole-chunk rows, and rows that end mid-chunk
            byte[] data = RandomFormats.i2s(rnd, 8, cols, 1f);
            data[37] = (byte) (data[37] & ~0x0C | 0x0C);   // bits 3-2 of byte 37: chunk 1, weight 128 + 64 + 5 = 197
            fails(() -> decode(I2sCodec.INSTANCE, data, 8, cols), WHERE, "I2_S byte 37", "code 3",
                    "row " + 197 / cols + ", column " + 197 % cols);
        }
    }

    @Test
    void i2sScaleMustBePositiveAndFinite() {
        for (float bad : new float[]{Float.NaN, -0.5f, Float.POSITIVE_INFINITY}) {
            byte[] data = RandomFormats.i2s(rnd, 4, 64, bad);
            fails(() -> decode(I2sCodec.INSTANCE, data, 4, 64), WHERE, "the I2_S scale is " + bad, "positive finite");
        }
        byte[] data = RandomFormats.i2s(rnd, 4, 64, 0f);
        data[3] = 0x56;   // one weight +1 (0x55 would be all 0)
        fails(() -> decode(I2sCodec.INSTANCE, data, 4, 64), WHERE, "scale is 0 but some weights are not");
    }

    @Test
    void shapesAndSizesThatDoNotFit() {
        fails(() -> I2sCodec.INSTANCE.byteSize(4, 31), "I2_S", "124 weights", "128-weight chunks");
        fails(() -> Tq2Codec.INSTANCE.byteSize(4, 128), "TQ2_0", "128 weights", "multiple of 256");
        fails(() -> Tq1Codec.INSTANCE.byteSize(0, 256), "TQ1_0", "no weights");
        fails(() -> decode(Tq1Codec.INSTANCE, new byte[54], 1, 200), WHERE, "multiple of 256");
        fails(() -> decode(I2sCodec.INSTANCE, new byte[100], 4, 64), WHERE, "takes 96 bytes, found 100");
        fails(() -> decode(I2sCodec.INSTANCE, RandomFormats.i2s(rnd, 2, 64, 1f), 2, 64), WHERE, "2 rows", "multiple of 4");
        fails(() -> I2sCodec.INSTANCE.decode(MemorySegment.ofArray(RandomFormats.i2s(rnd, 4, 64, 1f)), 4, 64,
                MemorySegment.ofArray(new byte[65]), WHERE), WHERE, "takes 64 bytes, found 65");
        fails(() -> Tq2Codec.INSTANCE.encode(MemorySegment.ofArray(new byte[256]), 1f, 4, 256,
                MemorySegment.ofArray(new byte[65])), "TQ2_0", "must be 264 bytes, found 65");
    }

    @Test
    void tqCode3AndNonCanonicalBytes() {
        short d = Float.floatToFloat16(0.5f);
        byte[] tq2 = RandomFormats.tq2(rnd, 4, 512, d);
        tq2[66 + 40] = (byte) 0xC5;   // block 1, qs byte 40: bits 7-6 hold weight 128 + 96 + 8 = 232 of the block
        fails(() -> decode(Tq2Codec.INSTANCE, tq2, 4, 512), WHERE, "TQ2_0 block 1 (row 0, columns 256…511)",
                "qs byte 40 holds the code 3 for weight 232");

        byte[] tq1 = RandomFormats.tq1(rnd, 4, 512, d);
        tq1[2 * 54 + 9] = 20;   // 20 is none of the 243 values ceil(P·256/243)
        fails(() -> decode(Tq1Codec.INSTANCE, tq1, 4, 512), WHERE, "TQ1_0 block 2 (row 1, columns 0…255)",
                "qs byte 9 (20) is not a base-3 encoding");
        byte[] qh = RandomFormats.tq1(rnd, 4, 512, d);
        qh[54 + 50] = 2;   // P = 1: trits 0 0 0 0 1, a fifth trit in a qh byte
        fails(() -> decode(Tq1Codec.INSTANCE, qh, 4, 512), WHERE, "block 1", "qh byte 2 (2) has a fifth trit of 1");
    }

    /** All 256 values in a qs byte and in a qh byte: accepted exactly when a producer could have written them. */
    @Test
    void tq1AcceptsExactlyTheBytesProducersWrite() {
        java.util.Set<Integer> qsBytes = new java.util.HashSet<>(), qhBytes = new java.util.HashSet<>();
        for (int p = 0; p < 243; p++) qsBytes.add((p * 256 + 242) / 243);
        for (int p = 0; p < 243; p += 3) qhBytes.add((p * 256 + 242) / 243);   // the fifth trit 0
        assertEquals(243, qsBytes.size());
        assertEquals(81, qhBytes.size());
        short d = Float.floatToFloat16(0.5f);
        for (int b = 0; b < 256; b++) {
            for (int at : new int[]{40, 51}) {
                byte[] tq1 = RandomFormats.tq1(rnd, 4, 256, d);
                RandomFormats.putShort(tq1, 52, d);
                tq1[at] = (byte) b;
                boolean valid = (at < 48 ? qsBytes : qhBytes).contains(b);
                if (valid) assertEquals(0.5f, decode(Tq1Codec.INSTANCE, tq1, 4, 256), "byte " + at + " = " + b);
                else fails(() -> decode(Tq1Codec.INSTANCE, tq1, 4, 256), (at < 48 ? "qs byte 40 (" : "qh byte 3 (") + b + ")");
            }
        }
    }

    @Test
    void tqBlocksMustShareOneScale() {
        short d = Float.floatToFloat16(0.5f);
        byte[] tq2 = RandomFormats.tq2(rnd, 4, 512, d);
        for (int at = 0; at < tq2.length; at += 66) {   // no all-zero block
            tq2[at] = 0x56;
            RandomFormats.putShort(tq2, at + 64, d);
        }
        RandomFormats.putShort(tq2, 3 * 66 + 64, Float.floatToFloat16(0.25f));
        fails(() -> decode(Tq2Codec.INSTANCE, tq2, 4, 512), WHERE, "block 3 (row 1, columns 256…511) has d = 0.25",
                "block 0 (row 0, columns 0…255) has d = 0.5", "one scale per tensor");

        byte[] tq1 = RandomFormats.tq1(rnd, 4, 512, d);
        for (int at = 0; at < tq1.length; at += 54) {   // trits 0 0 0 0 0: no all-zero block
            tq1[at] = 0;
            RandomFormats.putShort(tq1, at + 52, d);
        }
        RandomFormats.putShort(tq1, 54 + 52, Float.floatToFloat16(-0.5f));
        fails(() -> decode(Tq1Codec.INSTANCE, tq1, 4, 512), WHERE, "block 1", "has d = -0.5", "one scale per tensor");
    }

    @Test
    void tqScaleMustBePositiveAndFiniteAndZeroOnlyForZeros() {
        for (short bad : new short[]{Float.floatToFloat16(-2f), (short) 0x7C00, (short) 0x7E00}) {   // -2, +inf, NaN
            byte[] tq2 = RandomFormats.tq2(rnd, 4, 256, bad);
            tq2[0] = 0x56;   // a non-zero block, whatever the draw
            RandomFormats.putShort(tq2, 64, bad);
            fails(() -> decode(Tq2Codec.INSTANCE, tq2, 4, 256), WHERE, "d of TQ2_0 block 0", "positive finite");
        }
        byte[] tq1 = RandomFormats.tq1(rnd, 4, 256, (short) 0);
        tq1[5] = 0;   // trits 0 0 0 0 0 under d = 0
        RandomFormats.putShort(tq1, 52, (short) 0);
        fails(() -> decode(Tq1Codec.INSTANCE, tq1, 4, 256), WHERE, "block 0", "has d = 0 but non-zero weights");
    }

    @Test
    void encodeRefusesWhatItCannotWriteLosslessly() {
        byte[] packed = TernaryPacking.pack(RandomFormats.ternary(rnd, 4, 256, 0), 4, 256);
        for (TernaryCodec tq : new TernaryCodec[]{Tq2Codec.INSTANCE, Tq1Codec.INSTANCE}) {
            fails(() -> encode(tq, packed, 0.1f, 4, 256), tq.name(), "0.1 is not exactly representable in f16",
                    "nearest f16 is 0.099975586", "I2_S");
            fails(() -> encode(tq, packed, 70000f, 4, 256), "not exactly representable in f16", "Infinity");
        }
        for (TernaryCodec codec : new TernaryCodec[]{I2sCodec.INSTANCE, Tq2Codec.INSTANCE, Tq1Codec.INSTANCE}) {
            for (float bad : new float[]{0f, -1f, Float.NaN, Float.POSITIVE_INFINITY}) {
                fails(() -> encode(codec, packed, bad, 4, 256), "encoding a 4 × 256 tensor as " + codec.name(),
                        "positive finite number, found " + bad);
            }
            byte[] three = packed.clone();
            three[17] |= 0x30;
            fails(() -> encode(codec, three, 1f, 4, 256), "packed byte 17 holds the code 3");
        }
    }
}
