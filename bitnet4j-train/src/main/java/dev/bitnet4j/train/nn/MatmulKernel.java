package dev.bitnet4j.train.nn;

/**
 * The three products of a linear layer y = x·Wᵀ over row-major arrays: x is [T, K], W is [N, K], y is [T, N].
 * Each method does one slice of the work (a range of rows) so that {@link Matmul} can share it among threads;
 * slices write disjoint parts of their output. {@link ScalarMatmul} is the reference, {@link VectorMatmul}
 * the fast twin (same sums, added in another order).
 */
public interface MatmulKernel {
    /** y[t, n] = Σ_k x[t, k] · w[n, k] for every t < T and n in [n0, n1). */
    void forward(float[] y, float[] x, float[] w, int T, int K, int N, int n0, int n1);

    /** dx[t, k] += Σ_n dy[t, n] · w[n, k] for t in [t0, t1). */
    void backwardInput(float[] dx, float[] dy, float[] w, int T, int K, int N, int t0, int t1);

    /** dw[n, k] += Σ_t dy[t, n] · x[t, k] for n in [n0, n1). */
    void backwardWeight(float[] dw, float[] dy, float[] x, int T, int K, int N, int n0, int n1);
}
