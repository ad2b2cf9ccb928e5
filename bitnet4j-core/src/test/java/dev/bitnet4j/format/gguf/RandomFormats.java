package dev.bitnet4j.format.gguf;

import java.util.SplittableRandom;

/** Random test inputs: ternary matrices, and well-formed bytes of each GGUF ternary format. */
final class RandomFormats {
    private RandomFormats() {}

    /**
     * Row-major ternary values; each run of 256 weights (a TQ block, two I2_S chunks) is all 0 with
     * probability {@code zeroRuns}, so the zero-block paths get exercised.
     */
    static byte[] ternary(SplittableRandom rnd, int rows, int cols, double zeroRuns) {
        byte[] t = new byte[rows * cols];
        for (int start = 0; start < t.length; start += 256) {
            boolean zero = rnd.nextDouble() < zeroRuns;
            for (int i = start; i < Math.min(start + 256, t.length); i++) t[i] = (byte) (zero ? 0 : rnd.nextInt(3) - 1);
        }
        return t;
    }

    /** A random positive normal f16, as float: a scale every format stores exactly. */
    static float f16Scale(SplittableRandom rnd) {
        return Float.float16ToFloat((short) rnd.nextInt(0x0400, 0x7C00));
    }

    /** A byte of four random 2-bit codes in 0…2. */
    static byte twoBitByte(SplittableRandom rnd) {
        return (byte) (rnd.nextInt(3) | rnd.nextInt(3) << 2 | rnd.nextInt(3) << 4 | rnd.nextInt(3) << 6);
    }

    /** I2_S bytes: random codes, the scale, and random padding (its content is undefined, spec §6). */
    static byte[] i2s(SplittableRandom rnd, int rows, int cols, float scale) {
        int n = rows * cols;
        byte[] data = new byte[n / 4 + 32];
        for (int i = 0; i < n / 4; i++) data[i] = twoBitByte(rnd);
        int bits = Float.floatToRawIntBits(scale);
        for (int b = 0; b < 4; b++) data[n / 4 + b] = (byte) (bits >>> 8 * b);
        for (int i = n / 4 + 4; i < data.length; i++) data[i] = (byte) rnd.nextInt(256);
        return data;
    }

    /** TQ2_0 bytes: random codes under d, except that one block in four is all 0 with d = 0, as producers write it. */
    static byte[] tq2(SplittableRandom rnd, int rows, int cols, short d) {
        byte[] data = new byte[rows * cols / 256 * 66];
        for (int at = 0; at < data.length; at += 66) {
            boolean zero = rnd.nextInt(4) == 0;
            for (int j = 0; j < 64; j++) data[at + j] = zero ? 0x55 : twoBitByte(rnd);
            putShort(data, at + 64, zero ? 0 : d);
        }
        return data;
    }

    /** TQ1_0 bytes: canonical base-3 bytes under d, one block in four all 0 with d = 0. */
    static byte[] tq1(SplittableRandom rnd, int rows, int cols, short d) {
        byte[] data = new byte[rows * cols / 256 * 54];
        for (int at = 0; at < data.length; at += 54) {
            boolean zero = rnd.nextInt(4) == 0;
            for (int j = 0; j < 52; j++) {
                int p = zero ? (j < 48 ? 121 : 120) : j < 48 ? rnd.nextInt(243) : rnd.nextInt(81) * 3;   // 121 = trits 11111
                data[at + j] = (byte) ((p * 256 + 242) / 243);
            }
            putShort(data, at + 52, zero ? 0 : d);
        }
        return data;
    }

    static void putShort(byte[] data, int at, short v) {
        data[at] = (byte) v;
        data[at + 1] = (byte) (v >> 8);
    }
}
