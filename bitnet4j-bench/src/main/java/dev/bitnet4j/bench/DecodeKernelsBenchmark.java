package dev.bitnet4j.bench;

import dev.bitnet4j.kernels.Kernels;
import dev.bitnet4j.kernels.ScalarKernels;
import dev.bitnet4j.kernels.TernaryTiles;
import dev.bitnet4j.kernels.VectorKernels;
import dev.bitnet4j.model.Q8Matrix;
import dev.bitnet4j.model.TernaryMatrix;
import dev.bitnet4j.tensor.DType;
import dev.bitnet4j.tensor.Tensor;
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

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * The two products that decide decoding speed, at the 2B4T shape, with weights streamed from DRAM as
 * in a real token: {@code ternaryLayers} runs the seven BitLinear products of all 30 layers (2.08·10⁹
 * weights, 0.52 GB packed); {@code bf16LmHead} the 128256 × 2560 bf16 head (0.66 GB), {@code f16LmHead} the
 * same bytes read as f16 (a GGUF file's {@code token_embd}), {@code q8LmHead}
 * the same head as int8 with row scales ({@code --lm-head q8}, 0.33 GB). One operation =
 * one token's worth, so ops/s is the ceiling those parts put on tokens/s.
 * <pre>java -jar bitnet4j-bench/target/benchmarks.jar DecodeKernels -f 1 -wi 3 -i 5</pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED", "-Xmx2g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class DecodeKernelsBenchmark {
    static final int H = 2560, I = 6912, KV = 640, LAYERS = 30, VOCAB = 128256;

    @Param({"1", "2"})
    int threads;

    @Param({"vector"})
    String kernels;

    Arena arena;
    Kernels k;
    TernaryMatrix[] matrices;
    Tensor head, f16Head;
    Q8Matrix q8Head;
    byte[] qH = new byte[H], qI = new byte[I];
    static final int PROMPT = 16;
    byte[] qH16 = new byte[PROMPT * H], qI16 = new byte[PROMPT * I];
    float[] s16 = new float[PROMPT], outH16 = new float[PROMPT * H], outI16 = new float[PROMPT * I], outKV16 = new float[PROMPT * KV];
    float[] s = {1f}, outH = new float[H], outI = new float[I], outKV = new float[KV], x = new float[H], logits = new float[VOCAB];

    @Setup(Level.Trial)
    public void setUp() {
        arena = Arena.ofShared();
        k = kernels.equals("scalar") ? new ScalarKernels() : new VectorKernels(threads);
        SplittableRandom rnd = new SplittableRandom(1);
        int[][] shapes = {{H, H}, {KV, H}, {KV, H}, {H, H}, {I, H}, {I, H}, {H, I}};
        matrices = new TernaryMatrix[LAYERS * shapes.length];
        for (int i = 0; i < matrices.length; i++) {
            int[] sh = shapes[i % shapes.length];
            MemorySegment seg = arena.allocate((long) sh[0] / 4 * sh[1], 64);
            for (long b = 0; b < seg.byteSize(); b++) {
                int v = rnd.nextInt(3) | rnd.nextInt(3) << 2 | rnd.nextInt(3) << 4 | rnd.nextInt(3) << 6;
                seg.set(ValueLayout.JAVA_BYTE, b, (byte) v);
            }
            matrices[i] = new TernaryMatrix("m" + i, sh[0], sh[1], seg, 0.5f);
            if (k.usesTiles()) {
                MemorySegment tiles = arena.allocate(TernaryTiles.byteSize(sh[0], sh[1]), 64);
                matrices[i] = matrices[i].withTiles(TernaryTiles.repack(matrices[i], tiles));
            }
        }
        MemorySegment h = arena.allocate((long) VOCAB * H * 2, 64);
        for (long j = 0; j < (long) VOCAB * H; j++) h.set(ValueLayout.JAVA_SHORT, 2 * j, (short) (0x3C00 + rnd.nextInt(256)));
        head = new Tensor("head", DType.BF16, new long[]{VOCAB, H}, h, Path.of("random"));
        // 0x3C00 + r is also an f16 in [1, 1.25): the same bytes serve as the f16 head, with no second 0.66 GB
        f16Head = new Tensor("head", DType.F16, new long[]{VOCAB, H}, h, Path.of("random"));
        q8Head = Q8Matrix.quantize(head, arena);
        for (int i = 0; i < I; i++) qI[i] = (byte) rnd.nextInt(-128, 128);
        for (int i = 0; i < PROMPT * I; i++) qI16[i] = (byte) rnd.nextInt(-128, 128);
        for (int i = 0; i < PROMPT * H; i++) qH16[i] = (byte) rnd.nextInt(-128, 128);
        java.util.Arrays.fill(s16, 1f);
        for (int i = 0; i < H; i++) {
            qH[i] = (byte) rnd.nextInt(-128, 128);
            x[i] = (float) rnd.nextGaussian();
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (k instanceof VectorKernels v) v.close();   // its worker threads; the scalar kernels hold none
        arena.close();
    }

    @Benchmark
    public float ternaryLayers() {
        for (TernaryMatrix m : matrices) {
            float[] out = m.rows() == H ? outH : m.rows() == I ? outI : outKV;
            k.bitlinear(m, m.cols() == H ? qH : qI, s, 1, out);
        }
        return outH[0];
    }

    /** Prompt processing: 16 tokens per call share each pass over the weights. One op = 16 tokens' worth. */
    @Benchmark
    public float ternaryLayersPrompt16() {
        for (TernaryMatrix m : matrices) {
            float[] out = m.rows() == H ? outH16 : m.rows() == I ? outI16 : outKV16;
            k.bitlinear(m, m.cols() == H ? qH16 : qI16, s16, PROMPT, out);
        }
        return outH16[0];
    }

    @Benchmark
    public float bf16LmHead() {
        k.floatMatmul(head, x, 0, 1, logits, 0);
        return logits[0];
    }

    @Benchmark
    public float f16LmHead() {
        k.floatMatmul(f16Head, x, 0, 1, logits, 0);
        return logits[0];
    }

    @Benchmark
    public float q8LmHead() {
        k.q8Matmul(q8Head, x, 0, 1, logits, 0);
        return logits[0];
    }
}
