package dev.bitnet4j.format.gguf;

import dev.bitnet4j.BitNetException;

import java.util.Arrays;
import java.util.Optional;
import java.util.Set;

/**
 * The ggml tensor types we read and write (spec gguf-ternary §1), with the wire id and the block geometry:
 * {@link #blockSize} consecutive values of a row (along {@code ne0}) take {@link #blockBytes} bytes.
 * I2_S is the exception: its 128-value chunks run across rows and one 32-byte scale block ends the tensor (§2).
 */
public enum GgmlType {
    F32(0, 1, 4),
    F16(1, 1, 2),
    Q8_0(8, 32, 34),
    BF16(30, 1, 2),
    TQ1_0(34, 256, 54),
    TQ2_0(35, 256, 66),
    I2_S(36, 128, 32);

    /** bitnet.cpp's architectures, the only ones in whose files id 36 means I2_S (spec §6). */
    static final Set<String> I2_S_ARCHITECTURES = Set.of("bitnet-b1.58", "bitnet-25");
    /** Bytes of I2_S's closing block: a float32 scale and 28 bytes of padding. */
    static final int I2_S_SCALE_BLOCK_BYTES = 32;
    /** ggml's GGML_MAX_DIMS. */
    static final int MAX_DIMS = 4;

    public final int id;
    /** Values per block; for I2_S the 128-value chunk of the whole tensor. */
    public final int blockSize;
    /** Bytes per block; for I2_S per 128-value chunk, before the closing scale block. */
    public final int blockBytes;

    GgmlType(int id, int blockSize, int blockBytes) {
        this.id = id;
        this.blockSize = blockSize;
        this.blockBytes = blockBytes;
    }

    /**
     * Bytes of a tensor of this type with ggml dims (dims[0] = ne0, the contiguous axis). Block types need
     * ne0 % blockSize == 0; I2_S is n/4 + 32 bytes for the whole tensor, n = product of dims (spec §2), and
     * needs n % 128 == 0.
     *
     * @throws BitNetException for 0 or more than 4 dims, a dim below 1, a misfit or an overflow
     */
    public long byteSize(long[] dims) {
        long n = numel(dims);
        if (this == I2_S) {
            if (n % blockSize != 0) {
                throw new BitNetException(this + " needs a multiple of " + blockSize + " values, but dims "
                        + Arrays.toString(dims) + " hold " + n);
            }
            return n / blockSize * blockBytes + I2_S_SCALE_BLOCK_BYTES;
        }
        if (dims[0] % blockSize != 0) {
            throw new BitNetException(this + " needs ne0 (dims[0]) to be a multiple of " + blockSize + ", but dims are "
                    + Arrays.toString(dims));
        }
        try {
            return Math.multiplyExact(n / blockSize, blockBytes);
        } catch (ArithmeticException e) {
            throw new BitNetException(this + " tensor of dims " + Arrays.toString(dims) + " is too large");
        }
    }

    /**
     * The number of values in a tensor of ggml dims {@code dims}.
     *
     * @throws BitNetException for 0 or more than 4 dims, a dim below 1, or a product past 2^63 - 1
     */
    public static long numel(long[] dims) {
        if (dims.length < 1 || dims.length > MAX_DIMS) {
            throw new BitNetException("a tensor has 1 to " + MAX_DIMS + " dims, found " + dims.length);
        }
        long n = 1;
        for (long d : dims) {
            if (d < 1) throw new BitNetException("dims " + Arrays.toString(dims) + " hold a dim below 1");
            try {
                n = Math.multiplyExact(n, d);
            } catch (ArithmeticException e) {
                throw new BitNetException("dims " + Arrays.toString(dims) + " hold more than 2^63 - 1 values");
            }
        }
        return n;
    }

    /**
     * The type for an id in a file of this architecture: 36 means I2_S only for bitnet.cpp's architectures
     * ("bitnet-b1.58", "bitnet-25"), because upstream reuses ids 36-39 for other types (spec §6).
     */
    public static Optional<GgmlType> fromId(int id, String architecture) {
        for (GgmlType t : values()) {
            if (t.id == id) {
                return t == I2_S && !I2_S_ARCHITECTURES.contains(architecture) ? Optional.empty() : Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
