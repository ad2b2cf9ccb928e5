package dev.bitnet4j.format.gguf;

/**
 * The GGUF ternary formats written the slow, obvious way, independently of the codecs: per-weight readers
 * straight from the formulas of gguf-ternary.md §2–§4, and the producers ported line by line from their C
 * sources (bitnet.cpp {@code quantize_i2_s}, x86 ACT_PARALLEL; ggml {@code quantize_row_tq2_0_ref},
 * {@code quantize_row_tq1_0_ref}), run on float weights.
 */
final class SpecReference {
    private SpecReference() {}

    private static int u8(byte[] data, long at) {
        return data[(int) at] & 0xFF;
    }

    private static float f16(byte[] data, int at) {
        return Float.float16ToFloat((short) (u8(data, at) | u8(data, at + 1) << 8));
    }

    /** §2: code of weight (r, c) of an I2_S tensor [rows, cols]. */
    static int i2sCode(byte[] data, int cols, int r, int c) {
        long k = (long) r * cols + c;
        int b = u8(data, 32 * (k / 128) + k % 32);
        return (b >> (6 - 2 * (int) ((k % 128) / 32))) & 3;
    }

    static float i2sScale(byte[] data, int rows, int cols) {
        int at = rows * cols / 4;
        return Float.intBitsToFloat(u8(data, at) | u8(data, at + 1) << 8 | u8(data, at + 2) << 16 | u8(data, at + 3) << 24);
    }

    /** §3: code of weight (r, c) of a TQ2_0 tensor. */
    static int tq2Code(byte[] data, int cols, int r, int c) {
        int block = r * (cols / 256) + c / 256, j = c % 256;
        int b = u8(data, block * 66L + 32 * (j / 128) + j % 32);
        return (b >> (2 * ((j % 128) / 32))) & 3;
    }

    /** §3: d of the block holding (r, c). */
    static float tq2D(byte[] data, int cols, int r, int c) {
        return f16(data, (r * (cols / 256) + c / 256) * 66 + 64);
    }

    /** §4: code of weight (r, c) of a TQ1_0 tensor: the table of which byte and trit, then c_i = (((B·3^i) mod 256)·3) >> 8. */
    static int tq1Code(byte[] data, int cols, int r, int c) {
        int block = r * (cols / 256) + c / 256, j = c % 256, at, i;
        if (j < 160) {
            at = j % 32;
            i = j / 32;
        } else if (j < 240) {
            at = 32 + (j - 160) % 16;
            i = (j - 160) / 16;
        } else {
            at = 48 + (j - 240) % 4;
            i = (j - 240) / 4;
        }
        int b = u8(data, block * 54L + at);
        int pow = (int) Math.pow(3, i);
        return ((b * pow) % 256) * 3 >> 8;
    }

    static float tq1D(byte[] data, int cols, int r, int c) {
        return f16(data, (r * (cols / 256) + c / 256) * 54 + 52);
    }

    /** quantize_i2_s (ACT_PARALLEL) on x [rows·cols]; the 28 bytes after the scale stay 0 here. */
    static byte[] quantizeI2s(float[] x, int rows, int cols) {
        int n = rows * cols;
        double max = 0;
        for (int i = 0; i < n; ++i) max = Math.max(max, Math.abs((double) x[i]));
        double i2Scale = max;
        byte[] q8 = new byte[n];
        for (int i = 0; i < n; i++) {
            if (Math.abs((double) x[i]) < 1e-6) {
                q8[i] = 1;
                continue;
            }
            q8[i] = (byte) ((double) x[i] * i2Scale > 0 ? 2 : 0);
        }
        byte[] out = new byte[n / 4 + 32];
        for (int i = 0; i < n / 128; i++) {
            for (int j = 0; j < 128; j++) {
                int groupIdx = j / 32, groupPos = j % 32;
                out[i * 32 + groupPos] |= (byte) (q8[i * 128 + j] << (6 - 2 * groupIdx));
            }
        }
        int bits = Float.floatToRawIntBits((float) i2Scale);
        for (int b = 0; b < 4; b++) out[n / 4 + b] = (byte) (bits >>> 8 * b);
        return out;
    }

    /** quantize_row_tq2_0_ref on x, block by block. */
    static byte[] quantizeTq2(float[] x, int n) {
        byte[] y = new byte[n / 256 * 66];
        for (int i = 0; i < n / 256; i++) {
            int xb = i * 256, yb = i * 66;
            float amax = 0;
            for (int j = 0; j < 256; j++) amax = Math.max(amax, Math.abs(x[xb + j]));
            float d = amax, id = d != 0 ? 1.0f / d : 0.0f;
            putF16(y, yb + 64, d);
            for (int j = 0; j < 64; j += 32) {
                for (int m = 0; m < 32; ++m) {
                    int q = 0;
                    for (int k = 0; k < 4; ++k) {
                        int xi = lroundf(x[xb + m + k * 32] * id) + 1;
                        q += (xi & 3) << (2 * k);
                    }
                    y[yb + j + m] = (byte) q;
                }
                xb += 4 * 32;
            }
        }
        return y;
    }

    /** quantize_row_tq1_0_ref on x, block by block. */
    static byte[] quantizeTq1(float[] x, int n) {
        byte[] y = new byte[n / 256 * 54];
        for (int i = 0; i < n / 256; i++) {
            int xb = i * 256, yb = i * 54;
            float amax = 0;
            for (int j = 0; j < 256; j++) amax = Math.max(amax, Math.abs(x[xb + j]));
            float d = amax, id = d != 0 ? 1.0f / d : 0.0f;
            putF16(y, yb + 52, d);
            for (int m = 0; m < 32; ++m) {   // 5 elements per byte, along 32 bytes
                int q = 0;
                for (int k = 0; k < 5; ++k) q = (q * 3 + lroundf(x[xb + m + k * 32] * id) + 1) & 0xFF;
                y[yb + m] = (byte) ((q * 256 + (243 - 1)) / 243);
            }
            xb += 5 * 32;
            for (int m = 0; m < 16; ++m) {   // along 16 bytes
                int q = 0;
                for (int k = 0; k < 5; ++k) q = (q * 3 + lroundf(x[xb + m + k * 16] * id) + 1) & 0xFF;
                y[yb + 32 + m] = (byte) ((q * 256 + (243 - 1)) / 243);
            }
            xb += 5 * 16;
            for (int j = 0; j < 4; ++j) {   // 4 elements per byte, then the first one shifted to the top trit
                int q = 0;
                for (int m = 0; m < 4; ++m) q = (q * 3 + lroundf(x[xb + j + m * 4] * id) + 1) & 0xFF;
                q = q * 3 & 0xFF;
                y[yb + 48 + j] = (byte) ((q * 256 + (243 - 1)) / 243);
            }
        }
        return y;
    }

    /** C's lroundf: halves away from zero. */
    private static int lroundf(float v) {
        return (int) (v < 0 ? -Math.floor(-v + 0.5) : Math.floor(v + 0.5));
    }

    private static void putF16(byte[] y, int at, float v) {
        short h = Float.floatToFloat16(v);
        y[at] = (byte) h;
        y[at + 1] = (byte) (h >> 8);
    }
}
