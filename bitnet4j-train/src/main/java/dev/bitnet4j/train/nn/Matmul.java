package dev.bitnet4j.train.nn;

import dev.bitnet4j.kernels.WorkerPool;

/**
 * The matmuls of a linear layer (see {@link MatmulKernel}), shared among the threads of a {@link WorkerPool}:
 * the forward pass and the weight gradient split the weight rows, the input gradient splits the input rows,
 * so no two threads write the same element and the result does not depend on the thread count.
 * Close it to stop its threads.
 */
public final class Matmul implements AutoCloseable {
    private final MatmulKernel kernel;
    private final WorkerPool pool;

    public Matmul(MatmulKernel kernel, int threads) {
        this.kernel = kernel;
        this.pool = new WorkerPool(threads);
    }

    /** The fast kernels on {@code threads} threads. */
    public static Matmul vector(int threads) {
        return new Matmul(new VectorMatmul(), threads);
    }

    /** The reference kernels on one thread. */
    public static Matmul scalar() {
        return new Matmul(new ScalarMatmul(), 1);
    }

    /** y = x·wᵀ: x [T, K], w [N, K], y [T, N] (overwritten). */
    public void forward(float[] y, float[] x, float[] w, int T, int K, int N) {
        pool.run((i, c) -> kernel.forward(y, x, w, T, K, N, WorkerPool.start(N, i, c), WorkerPool.start(N, i + 1, c)));
    }

    /** dx += dy·w. */
    public void backwardInput(float[] dx, float[] dy, float[] w, int T, int K, int N) {
        pool.run((i, c) -> kernel.backwardInput(dx, dy, w, T, K, N, WorkerPool.start(T, i, c), WorkerPool.start(T, i + 1, c)));
    }

    /** dw += dyᵀ·x. */
    public void backwardWeight(float[] dw, float[] dy, float[] x, int T, int K, int N) {
        pool.run((i, c) -> kernel.backwardWeight(dw, dy, x, T, K, N, WorkerPool.start(N, i, c), WorkerPool.start(N, i + 1, c)));
    }

    @Override
    public void close() {
        pool.close();
    }
}
