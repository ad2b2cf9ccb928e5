package dev.bitnet4j.cli.bench;

/**
 * One line of the results: a test ("pp128", "tg32") at one thread count. What every row of a run
 * shares (the model, its lm_head and kernels, the bytes read per token, the read bandwidth at each thread
 * count) is the {@link Report}'s; generation rows get the bandwidth figures there, prompt rows do not,
 * since batched prompt processing reuses each weight for many tokens.
 */
public record BenchRow(String test, int threads, Stats tokensPerSecond, boolean isGeneration) {}
