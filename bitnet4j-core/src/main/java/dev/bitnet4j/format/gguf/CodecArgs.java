package dev.bitnet4j.format.gguf;

import dev.bitnet4j.BitNetException;
import dev.bitnet4j.model.TernaryPacking;

import java.lang.foreign.MemorySegment;
import java.util.function.LongSupplier;

/** The argument checks every {@link TernaryCodec} makes before touching a byte. */
final class CodecArgs {
    private CodecArgs() {}

    /** Weights of a rows × cols tensor; throws unless both are positive. */
    static long weights(String format, int rows, int cols) {
        if (rows <= 0 || cols <= 0) throw new BitNetException(format + ": a " + rows + " × " + cols + " tensor has no weights");
        return (long) rows * cols;
    }

    /** {@code byteSize} gives the format's byte size for the shape (or throws), {@code format} is its name. */
    static void checkDecode(String format, LongSupplier byteSize, MemorySegment src, int rows, int cols,
                            MemorySegment dstPacked, String where) {
        long expected;
        try {
            expected = byteSize.getAsLong();
        } catch (BitNetException e) {
            throw new BitNetException(where + ": " + e.getMessage(), e);
        }
        if (src.byteSize() != expected) {
            throw new BitNetException(where + ": a " + rows + " × " + cols + " " + format + " tensor takes "
                    + expected + " bytes, found " + src.byteSize());
        }
        checkPacked(dstPacked, rows, cols, where);
    }

    /** Checks the shapes and the scale, and that packed holds no code 3 (the formats could not store it). */
    static void checkEncode(String format, long expected, MemorySegment packed, float scale, int rows, int cols,
                            MemorySegment dst) {
        String what = encoding(format, rows, cols);
        if (dst.byteSize() != expected) {
            throw new BitNetException(what + ": the destination must be " + expected + " bytes, found " + dst.byteSize());
        }
        checkPacked(packed, rows, cols, what);
        if (!(scale > 0) || Float.isInfinite(scale)) {
            throw new BitNetException(what + ": the scale must be a positive finite number, found " + scale);
        }
        long bad = TernaryPacking.findInvalidByte(packed);
        if (bad >= 0) {
            throw new BitNetException(what + ": packed byte " + bad + " holds the code 3, which is not a ternary value");
        }
    }

    /** "encoding a 4 × 256 tensor as TQ2_0", the subject of encode's messages. */
    static String encoding(String format, int rows, int cols) {
        return "encoding a " + rows + " × " + cols + " tensor as " + format;
    }

    private static void checkPacked(MemorySegment packed, int rows, int cols, String where) {
        if (rows % 4 != 0) {
            throw new BitNetException(where + ": " + rows + " rows; the packed layout needs a multiple of 4");
        }
        long expected = (long) rows / 4 * cols;
        if (packed.byteSize() != expected) {
            throw new BitNetException(where + ": the packed layout of " + rows + " × " + cols + " takes "
                    + expected + " bytes, found " + packed.byteSize());
        }
    }

    /** Throws unless a decoded scale is a positive finite number; 0 is left to the caller (all-zero tensors). */
    static void checkStoredScale(float scale, String what, String where) {
        if (Float.isNaN(scale) || Float.isInfinite(scale) || scale < 0) {
            throw new BitNetException(where + ": " + what + " is " + scale + "; a scale must be a positive finite number");
        }
    }
}
