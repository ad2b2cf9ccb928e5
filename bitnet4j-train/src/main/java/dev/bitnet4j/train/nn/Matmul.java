package dev.bitnet4j.train.nn;

import dev.bitnet4j.kernels.WorkerPool;

/**
 * The matmuls of a linear layer (see {@link MatmulKernel}), shared among the threads of a {@link WorkerPool}:
 * the forward pass and the weight gradient split the weight rows, the input gradient splits the input rows,
 * so no two threads write the same element and the result does not depend on the thread count. The other
 * layers share its threads through {@link #parallel}. Close it to stop its threads.
 */
public final class Matmul implements AutoCloseable {
    /** Below this many multiply-adds a product runs on the calling thread: waking the workers would cost more. */
    private static final long SMALL = 1 << 16;

    private final MatmulKernel kernel;
    private final WorkerPool pool;
    private final int threads;

    public Matmul(MatmulKernel kernel, int threads) {
        this.kernel = kernel;
        this.pool = new WorkerPool(threads);
        this.threads = threads;
    }

    /** The threads the products run on. */
    public int threads() {
        return threads;
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
        if (small(T, K, N)) kernel.forward(y, x, w, T, K, N, 0, N);
        else pool.run((i, c) -> kernel.forward(y, x, w, T, K, N, WorkerPool.start(N, i, c), WorkerPool.start(N, i + 1, c)));
    }

    /** dx += dy·w. */
    public void backwardInput(float[] dx, float[] dy, float[] w, int T, int K, int N) {
        if (small(T, K, N)) kernel.backwardInput(dx, dy, w, T, K, N, 0, T);
        else pool.run((i, c) -> kernel.backwardInput(dx, dy, w, T, K, N, WorkerPool.start(T, i, c), WorkerPool.start(T, i + 1, c)));
    }

    /** dw += dyᵀ·x. */
    public void backwardWeight(float[] dw, float[] dy, float[] x, int T, int K, int N) {
        if (small(T, K, N)) kernel.backwardWeight(dw, dy, x, T, K, N, 0, N);
        else pool.run((i, c) -> kernel.backwardWeight(dw, dy, x, T, K, N, WorkerPool.start(N, i, c), WorkerPool.start(N, i + 1, c)));
    }

    /** The work on items [from, to) of a {@link #parallel} loop. */
    interface Range {
        void run(int from, int to);
    }

    /**
     * Runs {@code body} over items [0, n) in contiguous shares, one per thread (on the caller alone when
     * n · cost, the multiply-adds or so of all items, is small). Items must write disjoint memory.
     */
    void parallel(int n, long cost, Range body) {
        if (n * cost < SMALL) body.run(0, n);
        else pool.run((i, c) -> body.run(WorkerPool.start(n, i, c), WorkerPool.start(n, i + 1, c)));
    }

    private static boolean small(int T, int K, int N) {
        return (long) T * K * N < SMALL;
    }

    @Override
    public void close() {
        pool.close();
    }
}
