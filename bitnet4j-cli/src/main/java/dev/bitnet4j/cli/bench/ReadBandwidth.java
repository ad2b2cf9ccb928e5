package dev.bitnet4j.cli.bench;

import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The machine's memory read bandwidth, measured the way a memory-bound kernel reads its weights: a
 * streaming sum over a native buffer larger than any last-level cache, split into one contiguous slice
 * per thread, best of several passes. Generation speed is quoted as a share of this figure, measured in
 * the same run, because on shared machines the bandwidth itself drifts by tens of percent.
 */
public final class ReadBandwidth {
    private static final VectorSpecies<Long> SPECIES = LongVector.SPECIES_PREFERRED;
    /** Every long of the buffer: bytes of 1, so the sum of n longs is known without reading them. */
    private static final long FILL = 0x0101010101010101L;
    private static final int PASSES = 8;

    private ReadBandwidth() {}

    /** Best-of-passes read bandwidth in GB/s (10⁹ bytes) over a buffer of {@code bytes}, on {@code threads} threads. */
    public static double measure(long bytes, int threads) {
        bytes -= bytes % (threads * 4096L);
        try (Arena arena = Arena.ofShared(); ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            MemorySegment buf = arena.allocate(bytes, 4096);
            buf.fill((byte) 1);   // touch every page: untouched memory would all read the one shared zero page
            warmUp(buf);
            long best = Long.MAX_VALUE;
            for (int pass = 0; pass < PASSES; pass++) best = Math.min(best, timePass(pool, buf, threads));
            return bytes / (double) best;   // bytes per ns = GB/s
        }
    }

    /** Compiles {@link #sum} before timing, on a slice small enough to stay in cache. */
    private static void warmUp(MemorySegment buf) {
        MemorySegment small = buf.asSlice(0, Math.min(buf.byteSize(), 64 * 1024));
        for (int i = 0; i < 20_000; i++) check(sum(small), small.byteSize());
    }

    private static long timePass(ExecutorService pool, MemorySegment buf, int threads) {
        long slice = buf.byteSize() / threads;
        List<Future<Long>> parts = new ArrayList<>(threads);
        long t0 = System.nanoTime();
        for (int i = 0; i < threads; i++) {
            MemorySegment s = buf.asSlice(i * slice, slice);
            parts.add(pool.submit(() -> sum(s)));
        }
        long total = 0;
        try {
            for (Future<Long> f : parts) total += f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while measuring the read bandwidth", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the read-bandwidth probe failed", e.getCause());
        }
        long ns = System.nanoTime() - t0;
        check(total, buf.byteSize());   // using the sum is what keeps the JIT from dropping the reads
        return ns;
    }

    private static void check(long sum, long bytes) {
        if (sum != (bytes / 8) * FILL) throw new IllegalStateException("read-bandwidth probe: wrong sum " + sum);
    }

    /**
     * Sum of the segment's longs. One accumulator, left for C2 to unroll: on Zen 4 that matched a C AVX2
     * probe (~26 GB/s on one thread), while four hand-unrolled 512-bit accumulators ran ~40% slower.
     */
    static long sum(MemorySegment s) {
        long n = s.byteSize(), step = SPECIES.vectorByteSize(), i = 0;
        LongVector acc = LongVector.zero(SPECIES);
        for (; i + step <= n; i += step) acc = acc.add(LongVector.fromMemorySegment(SPECIES, s, i, ByteOrder.nativeOrder()));
        long total = acc.reduceLanes(VectorOperators.ADD);
        for (; i + 8 <= n; i += 8) total += s.get(ValueLayout.JAVA_LONG_UNALIGNED, i);
        return total;
    }
}
