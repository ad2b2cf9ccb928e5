package dev.bitnet4j.cli.bench;

/**
 * One line of the results: a test ("pp128", "tg32") at one thread count. Generation rows also carry
 * the bytes read per token and the read bandwidth measured at the same thread count; prompt rows have
 * neither (null), since batched prompt processing reuses each weight for many tokens.
 */
public record BenchRow(String model, String test, int threads, Stats tokensPerSecond, Long bytesPerToken,
                       Double readBandwidthGbPerS, String lmHead, String kernels) {

    public boolean isGeneration() {
        return bytesPerToken != null;
    }

    /** Weight bytes streamed per second, in GB/s (10⁹ bytes). */
    public double gbPerS() {
        return bytesPerToken * tokensPerSecond.mean() / 1e9;
    }

    /** Achieved bandwidth as a percentage of the measured read bandwidth. */
    public double bandwidthPct() {
        return gbPerS() / readBandwidthGbPerS * 100;
    }
}
