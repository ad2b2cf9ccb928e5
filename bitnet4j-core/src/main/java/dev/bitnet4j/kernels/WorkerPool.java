package dev.bitnet4j.kernels;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A fixed set of threads that run one task together, many times per token. Workers are created once
 * and wait between tasks (spinning briefly, then parked), so a call allocates nothing and starts no
 * thread. The calling thread takes part as worker 0. One task at a time: {@link #run} is synchronized.
 * Public so that bitnet4j-train's kernels can share it.
 */
public final class WorkerPool implements AutoCloseable {

    /** The work of thread {@code index} out of {@code count}. */
    public interface Task {
        void run(int index, int count);
    }

    private static final int SPINS = 20_000;

    private final Thread[] workers;
    private final AtomicInteger remaining = new AtomicInteger();
    private volatile Task task;
    private volatile long generation;
    private volatile boolean closed;
    private volatile Thread caller;
    private volatile Throwable failure;

    public WorkerPool(int threads) {
        if (threads < 1) throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        workers = new Thread[threads - 1];
        for (int i = 0; i < workers.length; i++) {
            int index = i + 1;
            workers[i] = Thread.ofPlatform().daemon().name("bitnet4j-worker-" + index).start(() -> loop(index));
        }
    }

    public int threads() {
        return workers.length + 1;
    }

    /** Runs the task on every thread and returns when all are done; rethrows a worker's failure. */
    public synchronized void run(Task t) {
        if (workers.length == 0) {
            t.run(0, 1);
            return;
        }
        task = t;
        failure = null;
        caller = Thread.currentThread();
        remaining.set(workers.length);
        generation++;
        for (Thread w : workers) LockSupport.unpark(w);
        t.run(0, threads());
        for (int spins = 0; remaining.get() > 0; spins++) {
            if (spins < SPINS) Thread.onSpinWait();
            else LockSupport.park(this);
        }
        task = null;
        Throwable f = failure;
        if (f instanceof RuntimeException e) throw e;
        if (f instanceof Error e) throw e;
    }

    private void loop(int index) {
        long seen = 0;
        while (true) {
            for (int spins = 0; generation == seen && !closed; spins++) {
                if (spins < SPINS) Thread.onSpinWait();
                else LockSupport.park(this);
            }
            if (closed) return;
            seen = generation;
            try {
                task.run(index, threads());
            } catch (Throwable e) {
                failure = e;
            } finally {
                if (remaining.decrementAndGet() == 0) LockSupport.unpark(caller);
            }
        }
    }

    /** The share [start, end) of n items for thread index of count, in contiguous ranges. */
    public static int start(int n, int index, int count) {
        return (int) ((long) n * index / count);
    }

    @Override
    public void close() {
        closed = true;
        for (Thread w : workers) LockSupport.unpark(w);
    }
}
