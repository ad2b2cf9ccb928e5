package dev.bitnet4j.tensor;

/** Conversions between float32 and the 16-bit float formats found in checkpoints. */
public final class Floats {
    private Floats() {}

    public static float bf16ToFloat(short bits) {
        return Float.intBitsToFloat((bits & 0xFFFF) << 16);
    }

    /** Rounds to the nearest bf16, ties to even (as torch and numpy do); NaN stays NaN. */
    public static short floatToBf16(float f) {
        int u = Float.floatToRawIntBits(f);
        if (Float.isNaN(f)) return (short) ((u >>> 16) | 0x40);
        return (short) ((u + 0x7FFF + ((u >>> 16) & 1)) >>> 16);
    }

    public static float f16ToFloat(short bits) {
        return Float.float16ToFloat(bits);
    }
}
