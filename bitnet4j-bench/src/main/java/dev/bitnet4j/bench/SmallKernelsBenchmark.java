package dev.bitnet4j.bench;

import dev.bitnet4j.kernels.Kernels;
import dev.bitnet4j.kernels.ScalarKernels;
import dev.bitnet4j.kernels.VectorKernels;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * The per-token kernels around the matrix products, at the 2B4T shape (hidden 2560, FFN 6912, 20 query
 * heads and 5 KV heads of 128): one call each, the scalar reference against the vector kernels. They run
 * on the caller's thread only, so there is no threads parameter; the data fits in cache, so these time
 * compute, not DRAM. Times per call (a decode token makes 30 layers' worth: 2 rmsnorm, 2 quantize, 1 rope
 * of the queries and 1 attention per layer).
 * <pre>java -jar bitnet4j-bench/target/benchmarks.jar SmallKernels -f 1 -wi 3 -i 5</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED", "-Xmx2g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class SmallKernelsBenchmark {
    static final int H = 2560, I = 6912, HEADS = 20, KV_HEADS = 5, HEAD_DIM = 128;

    @Param({"scalar", "vector"})
    String kernels;

    Kernels k;
    final SplittableRandom rnd = new SplittableRandom(1);
    final float[] x = gaussian(H), norm = new float[H], out = new float[H], ffn = gaussian(I), q = gaussian(HEADS * HEAD_DIM);
    final float[] cos = new float[HEAD_DIM / 2], sin = new float[HEAD_DIM / 2];
    final byte[] quantized = new byte[I];

    /** The KV cache, a state of its own so that only attention is run at each context length. */
    @State(Scope.Benchmark)
    public static class Cache {
        @Param({"128", "512"})
        int context;

        float[] keys, values, scores;

        @Setup(Level.Trial)
        public void setUp(SmallKernelsBenchmark b) {
            keys = b.gaussian(context * KV_HEADS * HEAD_DIM);
            values = b.gaussian(context * KV_HEADS * HEAD_DIM);
            scores = new float[context];
        }
    }

    @Setup(Level.Trial)
    public void setUp() {
        k = kernels.equals("scalar") ? new ScalarKernels() : new VectorKernels(1);
        for (int i = 0; i < H; i++) norm[i] = 0.5f + (float) rnd.nextDouble();
        // the rotation of position 1000 with RoPE theta 500000, as in 2B4T
        for (int i = 0; i < cos.length; i++) {
            double angle = 1000 * Math.pow(500000, -2.0 * i / HEAD_DIM);
            cos[i] = (float) Math.cos(angle);
            sin[i] = (float) Math.sin(angle);
        }
    }

    float[] gaussian(int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) rnd.nextGaussian();
        return a;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (k instanceof VectorKernels v) v.close();   // its worker threads; the scalar kernels hold none
    }

    @Benchmark
    public float rmsnorm() {
        k.rmsnorm(out, 0, x, 0, norm, H, 1e-5f);
        return out[0];
    }

    @Benchmark
    public float quantize() {
        return k.quantize(ffn, 0, I, quantized, 0);
    }

    /** In place, call after call: a rotation keeps each pair's length (to rounding), so q stays in range. */
    @Benchmark
    public float rope() {
        k.rope(q, 0, HEADS, HEAD_DIM, cos, sin, 0);
        return q[0];
    }

    @Benchmark
    public float attention(Cache c) {
        k.attention(q, 0, c.keys, c.values, c.context, HEADS, KV_HEADS, HEAD_DIM, out, 0, c.scores);
        return out[0];
    }
}
