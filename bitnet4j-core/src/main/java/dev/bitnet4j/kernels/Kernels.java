package dev.bitnet4j.kernels;

import dev.bitnet4j.model.Q8Matrix;
import dev.bitnet4j.model.TernaryMatrix;
import dev.bitnet4j.tensor.Tensor;

/**
 * Every hot loop of the forward pass. {@link ScalarKernels} is the plain reference; faster
 * implementations are held equal to it by tests (exactly for the integer parts).
 * Batched operations take {@code tokens} rows laid out one after another.
 */
public interface Kernels {

    /** The fast kernels on {@code threads} threads (the caller's thread counts as one). */
    static Kernels create(int threads) {
        return new VectorKernels(threads);
    }

    /** Whether {@link #bitlinear} needs each matrix's {@link TernaryTiles} (see TileCache). */
    default boolean usesTiles() {
        return false;
    }

    /** out = x / sqrt(mean(x²) + eps) ⊙ w over n elements. */
    void rmsnorm(float[] out, int outOff, float[] x, int xOff, float[] w, int n, float eps);

    /**
     * Per-token absmax int8 quantization (spec §3): s = 127 / max(max|x|, 1e-5);
     * q = clamp(rint(x · s), -128, 127). Returns s.
     */
    float quantize(float[] x, int xOff, int n, byte[] q, int qOff);

    /**
     * BitLinear on already-quantized input for {@code tokens} rows: out[t·rows + j] =
     * (Σ_c q[t·cols + c] · W[j, c]) / s[t] · scale, with the sum an exact integer.
     */
    void bitlinear(TernaryMatrix w, byte[] q, float[] s, int tokens, float[] out);

    /**
     * {@link #bitlinear} of several matrices (same cols) over one input, outs[i] for ws[i]: q/k/v, gate/up.
     * Fast kernels prepare the input once and run all of them as one parallel task.
     */
    default void bitlinear(TernaryMatrix[] ws, byte[] q, float[] s, int tokens, float[][] outs) {
        for (int i = 0; i < ws.length; i++) bitlinear(ws[i], q, s, tokens, outs[i]);
    }

    /** out[t·rows + j] = Σ_c x[xOff + t·cols + c] · W[j, c] for a float (bf16/f16/f32) matrix W [rows, cols]. */
    void floatMatmul(Tensor w, float[] x, int xOff, int tokens, float[] out, int outOff);

    /** out[outOff + t·rows + j] = scale[j] · Σ_c q[j, c] · x[xOff + t·cols + c]: the int8 lm_head. */
    void q8Matmul(Q8Matrix w, float[] x, int xOff, int tokens, float[] out, int outOff);

    /** Rotate-half RoPE on {@code heads} heads of x starting at off, with this position's cos/sin (headDim/2 each, from csOff). */
    void rope(float[] x, int off, int heads, int headDim, float[] cos, float[] sin, int csOff);

    /**
     * Causal GQA attention of one position's query heads over {@code length} cached positions.
     * kCache/vCache hold [position][kvHeads · headDim]. {@code scores} needs {@code length} floats.
     */
    void attention(float[] q, int qOff, float[] kCache, float[] vCache, int length, int heads, int kvHeads,
                   int headDim, float[] out, int outOff, float[] scores);
}
