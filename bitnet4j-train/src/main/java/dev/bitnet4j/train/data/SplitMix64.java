package dev.bitnet4j.train.data;

/**
 * SplitMix64 (Steele, Lea, Flood 2014), written out so that shuffles and batches are the same on every JDK:
 * java.util's generators do not promise their sequences across versions.
 */
final class SplitMix64 {
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;
    private long state;

    SplitMix64(long seed) {
        this.state = seed;
    }

    /** A generator for one step of a run: its draws depend only on (seed, step), and differ from step to step. */
    static SplitMix64 forStep(long seed, long step) {
        return new SplitMix64(mix(mix(seed) ^ step));
    }

    long next() {
        return mix(state += GOLDEN);
    }

    /** A uniform value in [0, bound), without modulo bias (rejection, as java.util.random does it). */
    long below(long bound) {
        if (bound <= 0) throw new IllegalArgumentException("bound must be positive: " + bound);
        long m = bound - 1;
        long u = next() >>> 1;
        if ((bound & m) == 0) return u & m;
        long r = u % bound;
        while (u - r + m < 0) {        // u fell in the last, partial stretch of size-bound blocks: draw again
            u = next() >>> 1;
            r = u % bound;
        }
        return r;
    }

    /** SplitMix64's output function (a bijection of 64-bit values). */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
