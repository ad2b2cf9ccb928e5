package dev.bitnet4j.format.gguf;

import dev.bitnet4j.BitNetException;

import java.lang.foreign.MemorySegment;

import static dev.bitnet4j.format.gguf.PackedCodes.SHORT;

/**
 * What TQ2_0 and TQ1_0 share (spec §3, §4): blocks of 256 consecutive weights of one row, each ending with
 * an f16 scale d. BitNet has one scale per tensor, so every block with d ≠ 0 must store the same d, and a
 * block with d = 0 (what the producers write for an all-zero block) must hold only zeros. The subclasses
 * say how a block's bytes hold its 256 codes.
 */
abstract sealed class TqBlockCodec permits Tq2Codec, Tq1Codec {
    static final int BLOCK_WEIGHTS = 256;

    private final String name;
    private final int blockBytes;

    TqBlockCodec(String name, int blockBytes) {
        this.name = name;
        this.blockBytes = blockBytes;
    }

    /**
     * Unpacks the block's 256 codes from src[off, …) into codes[codesOff, codesOff+256).
     * Returns null, or what is wrong with the block's bytes (its codes are not ternary).
     */
    abstract String unpack(MemorySegment src, long off, byte[] codes, int codesOff);

    /** Packs codes[codesOff, codesOff+256) into the block at dst[off, …), all but d. */
    abstract void pack(byte[] codes, int codesOff, MemorySegment dst, long off);

    public String name() {
        return name;
    }

    public long byteSize(int rows, int cols) {
        long n = CodecArgs.weights(name, rows, cols);
        if (cols % BLOCK_WEIGHTS != 0) {
            throw new BitNetException(name + ": rows of " + cols + " weights; the format needs a multiple of 256");
        }
        return n / BLOCK_WEIGHTS * blockBytes;
    }

    public float decode(MemorySegment src, int rows, int cols, MemorySegment dstPacked, String where) {
        CodecArgs.checkDecode(name, () -> byteSize(rows, cols), src, rows, cols, dstPacked, where);
        BlockScales scales = new BlockScales(where, cols);
        int perRow = cols / BLOCK_WEIGHTS;
        PackedCodes.decodeRows(rows, cols, (row, codes, off) -> {
            for (int j = 0; j < perRow; j++) {
                long block = (long) row * perRow + j, at = block * blockBytes;
                int codesOff = off + j * BLOCK_WEIGHTS;
                String problem = unpack(src, at, codes, codesOff);
                if (problem != null) throw new BitNetException(where + ": " + name + " " + blockAt(block, cols) + ": " + problem);
                scales.accept(block, src.get(SHORT, at + blockBytes - 2), codes, codesOff);
            }
        }, dstPacked);
        return scales.scale();
    }

    /** The one scale a tensor's blocks must agree on, found while their codes are still at hand. */
    private final class BlockScales {
        private final String where;
        private final int cols;
        private short bits;
        private long block = -1;

        BlockScales(String where, int cols) {
            this.where = where;
            this.cols = cols;
        }

        void accept(long b, short d, byte[] codes, int codesOff) {
            if ((d & 0x7FFF) == 0) {   // ±0
                if (!PackedCodes.allZero(codes, codesOff, BLOCK_WEIGHTS)) {
                    throw new BitNetException(where + ": " + name + " " + blockAt(b, cols)
                            + " has d = 0 but non-zero weights, which would all read as 0");
                }
            } else if (block < 0) {
                CodecArgs.checkStoredScale(Float.float16ToFloat(d), "d of " + name + " " + blockAt(b, cols), where);
                bits = d;
                block = b;
            } else if (d != bits) {
                throw new BitNetException(where + ": " + name + " " + blockAt(b, cols) + " has d = " + Float.float16ToFloat(d)
                        + " but " + blockAt(block, cols) + " has d = " + Float.float16ToFloat(bits)
                        + "; BitNet has one scale per tensor, so every non-zero d must be the same");
            }
        }

        /** An all-zero tensor has d = 0 everywhere: any positive scale gives the same weights (see TernaryCodec). */
        float scale() {
            return block < 0 ? 1f : Float.float16ToFloat(bits);
        }
    }

    /**
     * Writes what {@code quantize_row_tq*_0_ref} writes for t · scale: per block d = f16(max|w|), that is f16(scale),
     * or 0 for an all-zero block, whose codes are all 1.
     */
    public void encode(MemorySegment packed, float scale, int rows, int cols, MemorySegment dst) {
        CodecArgs.checkEncode(name, byteSize(rows, cols), packed, scale, rows, cols, dst);
        short d = Float.floatToFloat16(scale);
        if (Float.float16ToFloat(d) != scale) {
            throw new BitNetException(CodecArgs.encoding(name, rows, cols) + ": the scale " + scale
                    + " is not exactly representable in f16 (the nearest f16 is " + Float.float16ToFloat(d) + "), and "
                    + name + " stores it as f16 in every block, so the conversion would not be lossless;"
                    + " write I2_S instead (gguf-i2s), which keeps a float32 scale");
        }
        int perRow = cols / BLOCK_WEIGHTS;
        PackedCodes.encodeRows(packed, rows, cols, (row, codes, off) -> {
            for (int j = 0; j < perRow; j++) {
                long at = ((long) row * perRow + j) * blockBytes;
                int codesOff = off + j * BLOCK_WEIGHTS;
                pack(codes, codesOff, dst, at);
                dst.set(SHORT, at + blockBytes - 2, PackedCodes.allZero(codes, codesOff, BLOCK_WEIGHTS) ? 0 : d);
            }
        });
    }

    /** "block b (row r, columns c…c+255)", for messages. */
    private static String blockAt(long block, int cols) {
        long perRow = cols / BLOCK_WEIGHTS, col = block % perRow * BLOCK_WEIGHTS;
        return "block " + block + " (row " + block / perRow + ", columns " + col + "…" + (col + BLOCK_WEIGHTS - 1) + ")";
    }
}
