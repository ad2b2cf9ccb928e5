package dev.bitnet4j.format.gguf;

import java.lang.foreign.MemorySegment;

/**
 * One GGUF ternary tensor format (spec gguf-ternary.md §2–§4), converted losslessly to and from the official
 * packed layout of {@link dev.bitnet4j.model.TernaryPacking} plus one float scale (W = t · scale).
 * A GGUF linear weight has ggml dims [ne0 = cols, ne1 = rows]: ggml row r is HF row r.
 * <p>
 * An all-zero tensor carries no scale worth keeping (producers write 0, in I2_S's scale and in every TQ block):
 * {@link #decode} returns its stored scale when that is a positive number, otherwise 1, so the result always
 * satisfies {@link dev.bitnet4j.model.TernaryMatrix}'s positive-scale contract and every weight is still 0.
 * <p>
 * The codecs hold no state: any number of tensors may be converted in parallel.
 */
public sealed interface TernaryCodec permits I2sCodec, Tq2Codec, Tq1Codec {

    /** The format's name as ggml spells it, for messages. */
    String name();

    /**
     * Bytes of a rows × cols tensor in this format.
     * Throws a {@link dev.bitnet4j.BitNetException} when the shape does not fit the format
     * (TQ: cols % 256 == 0; I2_S: rows·cols % 128 == 0).
     */
    long byteSize(int rows, int cols);

    /**
     * Decodes src (exactly {@link #byteSize} bytes of this format) into dstPacked (the official layout,
     * rows/4 · cols bytes, rows % 4 == 0) and returns the per-tensor scale.
     * Throws a {@link dev.bitnet4j.BitNetException} naming {@code where} on a code that is not ternary
     * (code 3 in I2_S and TQ2_0, a TQ1_0 byte that is not a canonical base-3 encoding), TQ blocks whose
     * non-zero d differ, a block or tensor with scale 0 but non-zero weights, or a scale that is negative,
     * infinite or NaN.
     */
    float decode(MemorySegment src, int rows, int cols, MemorySegment dstPacked, String where);

    /**
     * Encodes the official packed layout and its scale into dst (exactly {@link #byteSize} bytes), writing
     * the bytes the format's producer writes for the weights t · scale (so an all-zero TQ block gets d = 0).
     * Throws a {@link dev.bitnet4j.BitNetException} on a code 3 in packed, a scale that is not a positive
     * finite number, or (TQ formats, which store it as f16) a scale that f16 cannot hold exactly.
     */
    void encode(MemorySegment packed, float scale, int rows, int cols, MemorySegment dst);
}
