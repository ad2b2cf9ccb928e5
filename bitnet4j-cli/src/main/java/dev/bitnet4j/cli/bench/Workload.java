package dev.bitnet4j.cli.bench;

import dev.bitnet4j.model.BitNetModel;
import dev.bitnet4j.model.KVCache;

import java.util.SplittableRandom;

/**
 * The two llama-bench tests on a loaded model, each run once untimed (JIT warm-up) and then
 * {@code repetitions} times; every repetition gives one tokens/s figure.
 * <ul>
 *   <li>pp: one batched forward of {@code n} random token ids into a fresh cache;</li>
 *   <li>tg: after a one-token prompt, {@code n} single-token forwards through the cache, each token the
 *       greedy argmax of the previous logits.</li>
 * </ul>
 * Caches are allocated, and prompts drawn, outside the timed part.
 */
public final class Workload {
    private final BitNetModel model;
    private final SplittableRandom random = new SplittableRandom(42);

    public Workload(BitNetModel model) {
        this.model = model;
    }

    public Stats promptProcessing(int tokens, int repetitions) {
        return repeat(repetitions, () -> {
            int[] prompt = randomTokens(tokens);
            KVCache cache = model.newCache(tokens);
            long t0 = System.nanoTime();
            model.forward(prompt, cache, false);
            return tokens / seconds(t0);
        });
    }

    public Stats generation(int tokens, int repetitions) {
        return repeat(repetitions, () -> {
            KVCache cache = model.newCache(tokens + 1);
            float[] logits = model.forward(randomTokens(1), cache, false);
            long t0 = System.nanoTime();
            for (int i = 0; i < tokens; i++) logits = model.forward(new int[]{argmax(logits)}, cache, false);
            return tokens / seconds(t0);
        });
    }

    private interface Run {
        double tokensPerSecond();
    }

    private static Stats repeat(int repetitions, Run run) {
        run.tokensPerSecond();   // warm-up, not counted
        double[] samples = new double[repetitions];
        for (int i = 0; i < repetitions; i++) samples[i] = run.tokensPerSecond();
        return Stats.of(samples);
    }

    private int[] randomTokens(int n) {
        int vocab = model.config().vocabSize();
        int[] ids = new int[n];
        for (int i = 0; i < n; i++) ids[i] = random.nextInt(vocab);
        return ids;
    }

    static int argmax(float[] x) {
        int best = 0;
        for (int i = 1; i < x.length; i++) if (x[i] > x[best]) best = i;
        return best;
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }
}
