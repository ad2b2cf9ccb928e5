package dev.bitnet4j.model;

import java.nio.charset.StandardCharsets;

/**
 * The seeded random numbers of the toolkit (generated models, a training run's initial weights, data shuffles
 * and batches): SplitMix64 (Steele, Lea, Flood 2014) for uniform bits and a Marsaglia–Tsang ziggurat
 * (Doornik's ZIGNOR variant, 128 layers) for normal deviates. Written out here rather than taken from
 * java.util.random so a seed names the same model on every JDK and platform: the algorithms are fixed,
 * and the few transcendental calls (table set-up and the rare wedge and tail cases) use StrictMath.
 * The ziggurat's fast path, taken ~99% of the time, is one 64-bit draw, a table look-up and a multiply.
 */
public final class SeededRandom {
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;
    private static final int LAYERS = 128;
    /** Where the tail begins, and the area of each layer (ZIGNOR's constants for 128 layers). */
    private static final double R = 3.442619855899;
    private static final double V = 9.91256303526217e-3;
    /** X[i]: right edge of layer i (X[0] is the base layer's notional width, X[128] = 0); RATIO[i] = X[i+1]/X[i]. */
    private static final double[] X = new double[LAYERS + 1];
    private static final double[] RATIO = new double[LAYERS];

    static {
        double f = StrictMath.exp(-0.5 * R * R);
        X[0] = V / f;
        X[1] = R;
        for (int i = 2; i < LAYERS; i++) {
            X[i] = StrictMath.sqrt(-2 * StrictMath.log(V / X[i - 1] + f));
            f = StrictMath.exp(-0.5 * X[i] * X[i]);
        }
        for (int i = 0; i < LAYERS; i++) RATIO[i] = X[i + 1] / X[i];
    }

    private long state;

    public SeededRandom(long seed) {
        this.state = seed;
    }

    /**
     * The stream for one tensor: a function of the model seed and the tensor's name only, so tensors can
     * be generated in any order, and a tensor stored in two layouts comes from the same numbers.
     */
    public static SeededRandom forTensor(long seed, String name) {
        long h = 0xCBF29CE484222325L;   // FNV-1a, 64-bit
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) h = (h ^ (b & 0xFF)) * 0x100000001B3L;
        return new SeededRandom(mix(mix(seed) + h));
    }

    /**
     * The stream for one step of a run (its batches): a function of (seed, step) only, so a run resumed at
     * step k draws exactly what it would have drawn.
     */
    public static SeededRandom forStep(long seed, long step) {
        return new SeededRandom(mix(mix(seed) ^ step));
    }

    public long nextLong() {
        return mix(state += GOLDEN);
    }

    /** Uniform in [0, bound), without modulo bias (rejection, as java.util.random does it). */
    public long below(long bound) {
        if (bound <= 0) throw new IllegalArgumentException("bound must be positive: " + bound);
        long m = bound - 1;
        long u = nextLong() >>> 1;
        if ((bound & m) == 0) return u & m;
        long r = u % bound;
        while (u - r + m < 0) {        // u fell in the last, partial stretch of size-bound blocks: draw again
            u = nextLong() >>> 1;
            r = u % bound;
        }
        return r;
    }

    /** Uniform in [0, 1). */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1p-53;
    }

    /** Uniform in [a, b). */
    public double uniform(double a, double b) {
        return a + (b - a) * nextDouble();
    }

    /** Standard normal. */
    public double nextGaussian() {
        long bits = nextLong();
        int i = (int) bits & (LAYERS - 1);                  // low 7 bits pick the layer,
        double u = (bits >>> 11) * 0x1p-52 - 1;             // the top 53 a position in [-1, 1): independent bits
        if (Math.abs(u) < RATIO[i]) return u * X[i];        // inside the layer's rectangle
        return i == 0 ? tail(u < 0) : wedge(i, u);
    }

    /** The part of layer i outside the rectangle below it: accept x under the density, else start over. */
    private double wedge(int i, double u) {
        double x = u * X[i];
        double f0 = StrictMath.exp(-0.5 * (X[i] * X[i] - x * x));
        double f1 = StrictMath.exp(-0.5 * (X[i + 1] * X[i + 1] - x * x));
        return f1 + nextDouble() * (f0 - f1) < 1 ? x : nextGaussian();
    }

    /** Marsaglia's method for the tail beyond R. */
    private double tail(boolean negative) {
        double x, y;
        do {
            x = StrictMath.log(1 - nextDouble()) / R;   // 1 - u lies in (0, 1]: never log(0)
            y = StrictMath.log(1 - nextDouble());
        } while (-2 * y < x * x);
        return negative ? x - R : R - x;
    }

    /** SplitMix64's finaliser: a bijection that spreads every input bit over the whole output. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
