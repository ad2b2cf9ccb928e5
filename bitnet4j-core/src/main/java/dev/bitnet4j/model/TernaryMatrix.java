package dev.bitnet4j.model;

import dev.bitnet4j.BitNetException;
import dev.bitnet4j.kernels.SpecMath;
import dev.bitnet4j.kernels.TernaryTiles;
import dev.bitnet4j.tensor.DType;
import dev.bitnet4j.tensor.Tensor;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The weight of one BitLinear layer: a [rows, cols] ternary matrix in the official packed layout
 * (see {@link TernaryPacking}) and one float scale. The effective weight is ternary · scale.
 * {@code packed} is either a slice of the mapped checkpoint or off-heap memory filled by quantize-on-load.
 * {@code tiles} is the same matrix in the layout of the fast kernels (see {@link TileCache}), or null.
 */
public record TernaryMatrix(String name, int rows, int cols, MemorySegment packed, float scale, TernaryTiles tiles) {

    public TernaryMatrix(String name, int rows, int cols, MemorySegment packed, float scale) {
        this(name, rows, cols, packed, scale, null);
    }

    public TernaryMatrix withTiles(TernaryTiles tiles) {
        if (tiles.rows() != rows || tiles.cols() != cols) {
            throw new IllegalArgumentException(name + ": tiles of " + tiles.rows() + "x" + tiles.cols() + " for " + rows + "x" + cols);
        }
        return new TernaryMatrix(name, rows, cols, packed, scale, tiles);
    }

    public int get(int row, int col) {
        return TernaryPacking.get(packed, rows, cols, row, col);
    }

    /**
     * From the packed layout: U8 [rows/4, cols] plus a one-element weight_scale. The bytes are not read
     * here (a mapped 2B4T stays untouched when its tiles are cached); see {@link #checkCodes}.
     */
    public static TernaryMatrix fromPacked(String name, Tensor weight, Tensor scale, int rows, int cols) {
        weight.requireDType(DType.U8).requireShape(rows / 4, cols);
        scale.requireFloat();
        if (scale.numel() != 1) throw new BitNetException(scale.where() + ": expected one element, found " + scale.numel());
        float s = scale.getFloat(0);
        if (!(s > 0) || Float.isInfinite(s)) throw new BitNetException(scale.where() + ": weight_scale must be a positive number, found " + s);
        return new TernaryMatrix(name, rows, cols, weight.data(), s);
    }

    /** Throws if a packed byte holds the code 3 (not a ternary value); {@code where} names the tensor. */
    public void checkCodes(String where) {
        long bad = TernaryPacking.findInvalidByte(packed);
        if (bad >= 0) {
            int b = packed.get(ValueLayout.JAVA_BYTE, bad) & 0xFF;
            throw new BitNetException(where + ": byte " + bad + " (0x" + Integer.toHexString(b)
                    + ") holds the code 3, which is not a ternary value (codes are 0, 1, 2 for -1, 0, +1)");
        }
    }

    /**
     * Quantize-on-load from bf16 master weights, exactly as transformers' WeightQuant (spec §2):
     * inv = 1 / max(mean|W|, 1e-5) in float32; t = clamp(rint(W · inv), -1, 1); scale = 1 / inv.
     */
    public static TernaryMatrix quantize(String name, Tensor weight, int rows, int cols, Arena arena) {
        MemorySegment packed = arena.allocate((long) rows / 4 * cols);
        return new TernaryMatrix(name, rows, cols, packed, quantizeInto(weight, rows, cols, packed));
    }

    /** The absmean quantization of {@link #quantize} into {@code packed} (zero-filled, rows/4 · cols bytes); returns the scale. */
    public static float quantizeInto(Tensor weight, int rows, int cols, MemorySegment packed) {
        weight.requireFloat().requireShape(rows, cols);
        long n = (long) rows * cols;
        double sum = 0;
        for (long i = 0; i < n; i++) sum += Math.abs(weight.getFloat(i));
        float inv = SpecMath.absmeanInverse(sum, n);
        int quarter = rows / 4;
        for (int row = 0; row < rows; row++) {
            int shift = 2 * (row / quarter);
            long base = (long) (row % quarter) * cols;
            long src = (long) row * cols;
            for (int c = 0; c < cols; c++) {
                int t = SpecMath.ternary(weight.getFloat(src + c), inv);
                long at = base + c;
                byte old = packed.get(ValueLayout.JAVA_BYTE, at);
                packed.set(ValueLayout.JAVA_BYTE, at, (byte) (old | ((t + 1) << shift)));
            }
        }
        return 1f / inv;
    }
}
