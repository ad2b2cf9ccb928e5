package dev.bitnet4j.kernels;

import dev.bitnet4j.model.Q8Matrix;
import dev.bitnet4j.model.TernaryMatrix;
import dev.bitnet4j.tensor.Tensor;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** The engine's reference: plain loops, one line per formula of spec §3. Slow, small, obviously right. */
public final class ScalarKernels implements Kernels {

    @Override
    public void rmsnorm(float[] out, int outOff, float[] x, int xOff, float[] w, int n, float eps) {
        float ss = 0;
        for (int i = 0; i < n; i++) ss += x[xOff + i] * x[xOff + i];
        float inv = SpecMath.rmsInverse(ss, n, eps);
        for (int i = 0; i < n; i++) out[outOff + i] = x[xOff + i] * inv * w[i];
    }

    @Override
    public float quantize(float[] x, int xOff, int n, byte[] q, int qOff) {
        float amax = 0;
        for (int i = 0; i < n; i++) amax = Math.max(amax, Math.abs(x[xOff + i]));
        float s = SpecMath.activationScale(amax);
        for (int i = 0; i < n; i++) {
            q[qOff + i] = (byte) SpecMath.int8(x[xOff + i], s);
        }
        return s;
    }

    @Override
    public void bitlinear(TernaryMatrix w, byte[] q, float[] s, int tokens, float[] out) {
        // Byte (r, c) of the packed matrix holds rows r, r+n, r+2n, r+3n of column c: one pass over
        // a byte row yields four dot products.
        int rows = w.rows(), cols = w.cols(), n = rows / 4;
        MemorySegment packed = w.packed();
        for (int t = 0; t < tokens; t++) {
            int qBase = t * cols;
            for (int r = 0; r < n; r++) {
                int a0 = 0, a1 = 0, a2 = 0, a3 = 0;
                long base = (long) r * cols;
                for (int c = 0; c < cols; c++) {
                    int b = packed.get(ValueLayout.JAVA_BYTE, base + c);
                    int x = q[qBase + c];
                    a0 += ((b & 3) - 1) * x;
                    a1 += (((b >> 2) & 3) - 1) * x;
                    a2 += (((b >> 4) & 3) - 1) * x;
                    a3 += (((b >> 6) & 3) - 1) * x;
                }
                int o = t * rows;
                out[o + r] = a0 / s[t] * w.scale();
                out[o + r + n] = a1 / s[t] * w.scale();
                out[o + r + 2 * n] = a2 / s[t] * w.scale();
                out[o + r + 3 * n] = a3 / s[t] * w.scale();
            }
        }
    }

    @Override
    public void floatMatmul(Tensor w, float[] x, int xOff, int tokens, float[] out, int outOff) {
        int rows = (int) w.shape()[0], cols = (int) w.shape()[1];
        for (int t = 0; t < tokens; t++) {
            for (int j = 0; j < rows; j++) {
                float acc = 0;
                long base = (long) j * cols;
                for (int c = 0; c < cols; c++) acc += w.getFloat(base + c) * x[xOff + t * cols + c];
                out[outOff + t * rows + j] = acc;
            }
        }
    }

    @Override
    public void q8Matmul(Q8Matrix w, float[] x, int xOff, int tokens, float[] out, int outOff) {
        int rows = w.rows(), cols = w.cols();
        for (int t = 0; t < tokens; t++) {
            for (int j = 0; j < rows; j++) {
                float acc = 0;
                long base = (long) j * cols;
                for (int c = 0; c < cols; c++) acc += w.data().get(ValueLayout.JAVA_BYTE, base + c) * x[xOff + t * cols + c];
                out[outOff + t * rows + j] = acc * w.scales()[j];
            }
        }
    }

    @Override
    public void rope(float[] x, int off, int heads, int headDim, float[] cos, float[] sin, int csOff) {
        for (int h = 0; h < heads; h++) rotateHalf(x, off + h * headDim, headDim / 2, cos, sin, csOff, 0);
    }

    /** One head at base: pairs (i, i + half) for i in [from, half) rotated by cos/sin[csOff + i]. */
    public static void rotateHalf(float[] x, int base, int half, float[] cos, float[] sin, int csOff, int from) {
        for (int i = from; i < half; i++) {
            float a = x[base + i], b = x[base + i + half];
            x[base + i] = a * cos[csOff + i] - b * sin[csOff + i];
            x[base + i + half] = b * cos[csOff + i] + a * sin[csOff + i];
        }
    }

    @Override
    public void attention(float[] q, int qOff, float[] kCache, float[] vCache, int length, int heads, int kvHeads,
                          int headDim, float[] out, int outOff, float[] scores) {
        int kvDim = kvHeads * headDim, group = heads / kvHeads;
        float scale = (float) (1.0 / Math.sqrt(headDim));
        for (int h = 0; h < heads; h++) {
            int qh = qOff + h * headDim, kvOff = (h / group) * headDim;
            for (int p = 0; p < length; p++) {
                float dot = 0;
                for (int i = 0; i < headDim; i++) dot += q[qh + i] * kCache[p * kvDim + kvOff + i];
                scores[p] = dot * scale;
            }
            float sum = ScalarKernels.exponentiate(scores, length);
            int o = outOff + h * headDim;
            for (int i = 0; i < headDim; i++) out[o + i] = 0;
            for (int p = 0; p < length; p++) {
                float a = scores[p] / sum;
                for (int i = 0; i < headDim; i++) out[o + i] += a * vCache[p * kvDim + kvOff + i];
            }
        }
    }

    /** The softmax's numerators in place: scores[p] = exp(scores[p] − max); returns their sum (the denominator). */
    static float exponentiate(float[] scores, int length) {
        float max = Float.NEGATIVE_INFINITY;
        for (int p = 0; p < length; p++) max = Math.max(max, scores[p]);
        return exponentiate(scores, 0, length, max);
    }

    /** scores[p] = exp(scores[p] − max) for p in [from, to); returns their sum, added left to right. */
    public static float exponentiate(float[] scores, int from, int to, float max) {
        float sum = 0;
        for (int p = from; p < to; p++) {
            scores[p] = (float) Math.exp(scores[p] - max);
            sum += scores[p];
        }
        return sum;
    }
}
