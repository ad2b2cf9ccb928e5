package dev.bitnet4j.train.loop;

import dev.bitnet4j.model.ModelConfig;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

import java.util.ArrayList;
import java.util.List;

/**
 * Training throughput as FLOP/s against the machine's FMA peak, both measured by the same command.
 * FLOPs per token follow the usual convention (Kaplan et al. 2020, PaLM appendix B): a multiply-add is 2 FLOPs
 * and the backward pass costs twice the forward, so a token costs 3 × (2 × the weights it multiplies (the seven
 * BitLinears of every layer and the lm_head) + the causal attention's 2 × T × qDim per layer, QKᵀ and AV over
 * T/2 positions on average). Norms, RoPE, softmax, quantization and the optimizer are left out, as is usual.
 */
public final class Throughput {
    private Throughput() {}

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;

    /** Training FLOPs per token of a model trained on sequences of {@code context} tokens. */
    public static double flopsPerToken(ModelConfig c, int context) {
        double weights = (double) c.numLayers() * c.ternaryParamsPerLayer() + (double) c.hiddenSize() * c.vocabSize();
        double attention = (double) c.numLayers() * 2 * context * c.qDim();
        return 3 * (2 * weights + attention);
    }

    /**
     * The FMA peak of {@code threads} threads in FLOP/s: each runs 8 independent chains of vector FMAs on
     * registers for about {@code millis} ms (enough chains to hide the FMA latency), all at once.
     */
    public static double fmaPeak(int threads, long millis) {
        double[] flops = new double[threads];
        long[] nanos = new long[threads];
        List<Thread> running = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            Thread th = new Thread(() -> {
                chains(20_000);                              // warm-up: let C2 compile the loop
                long start = System.nanoTime(), n = 0;
                while (System.nanoTime() - start < millis * 1_000_000) {
                    chains(100_000);
                    n += 100_000;
                }
                nanos[id] = System.nanoTime() - start;
                flops[id] = 2.0 * F.length() * 8 * n;
            });
            th.start();
            running.add(th);
        }
        double total = 0;
        for (int t = 0; t < threads; t++) {
            try {
                running.get(t).join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Double.NaN;
            }
            total += flops[t] / (nanos[t] / 1e9);
        }
        return total;
    }

    private static volatile float sink;

    private static void chains(int iterations) {
        FloatVector a = FloatVector.broadcast(F, 0.999f), b = FloatVector.broadcast(F, 1e-4f);
        FloatVector c0 = FloatVector.zero(F), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0, c6 = c0, c7 = c0;
        for (int i = 0; i < iterations; i++) {
            c0 = c0.fma(a, b); c1 = c1.fma(a, b); c2 = c2.fma(a, b); c3 = c3.fma(a, b);
            c4 = c4.fma(a, b); c5 = c5.fma(a, b); c6 = c6.fma(a, b); c7 = c7.fma(a, b);
        }
        sink = c0.add(c1).add(c2).add(c3).add(c4).add(c5).add(c6).add(c7).reduceLanes(jdk.incubator.vector.VectorOperators.ADD);
    }
}
