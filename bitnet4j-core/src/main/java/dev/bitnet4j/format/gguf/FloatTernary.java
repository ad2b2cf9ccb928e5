package dev.bitnet4j.format.gguf;

import dev.bitnet4j.model.TernaryMatrix;
import dev.bitnet4j.model.TernaryPacking;
import dev.bitnet4j.tensor.Tensor;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * A BitLinear weight stored as floats in a GGUF file. Converters write the effective weights t · scale
 * (the input of llama-quantize); those are taken back exactly: every |w| is 0 or one value m, so t = sign(w)
 * and scale = m. Anything else is a master weight and gets the absmean quantization of bf16 checkpoints.
 */
final class FloatTernary {
    private FloatTernary() {}

    /** Packs {@code w} [rows, cols] into {@code packed} (zero-filled) and returns the scale. */
    static float pack(Tensor w, int rows, int cols, MemorySegment packed) {
        long n = (long) rows * cols;
        float m = 0;
        for (long i = 0; i < n; i++) {
            float a = Math.abs(w.getFloat(i));
            if (a != 0 && m != 0 && a != m || Float.isNaN(a)) return TernaryMatrix.quantizeInto(w, rows, cols, packed);
            if (a != 0) m = a;
        }
        if (m == 0) return TernaryMatrix.quantizeInto(w, rows, cols, packed);
        byte[] t = new byte[Math.toIntExact(n)];
        for (int i = 0; i < t.length; i++) t[i] = (byte) Math.signum(w.getFloat(i));
        packed.copyFrom(MemorySegment.ofArray(TernaryPacking.pack(t, rows, cols)));
        return m;
    }
}
