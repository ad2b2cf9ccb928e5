package dev.bitnet4j.format.gguf;

import dev.bitnet4j.BitNetException;
import dev.bitnet4j.format.Checkpoint;
import dev.bitnet4j.format.ModelConverter;
import dev.bitnet4j.kernels.ScalarKernels;
import dev.bitnet4j.model.BitNetModel;
import dev.bitnet4j.model.TernaryPacking;
import dev.bitnet4j.tensor.Tensor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.function.BiFunction;
import java.util.function.Predicate;

import static dev.bitnet4j.Fixtures.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * The converters' other conventions (a BitNet model written as arch "llama" with q/k rows permuted, a separate
 * per-matrix .scale tensor, float linear weights) give the same model, and model-level problems in a
 * well-formed file (wrong architecture or activation, missing or extra tensors) one clear error each.
 */
class GgufLayoutsTest {
    @TempDir
    Path dir;
    Path base;

    @BeforeEach
    void writeBase() {
        base = dir.resolve("base.gguf");
        ModelConverter.convert(model("mini-packed"), ModelConverter.Target.GGUF_TQ2, base, GgmlType.BF16, false);
    }

    /** A copy of base.gguf with metadata keys renamed and values replaced, and tensors dropped or re-made. */
    Path rewrite(String name, BiFunction<String, GgufValue, GgufValue> meta, java.util.function.UnaryOperator<String> key,
                 Predicate<GgufTensor> keep, java.util.function.Function<GgufTensor, GgufWriter.TensorData> data) {
        Path out = dir.resolve(name);
        try (GgufFile f = GgufFile.open(base)) {
            GgufWriter w = new GgufWriter();
            f.metadata().entries().forEach((k, v) -> {
                GgufValue nv = meta.apply(k, v);
                if (nv != null) w.put(key.apply(k), nv);
            });
            for (GgufTensor t : f.tensors().values()) {
                if (!keep.test(t)) continue;
                GgufWriter.TensorData d = data.apply(t);
                if (d == null) w.addTensor(t);
                else w.addTensor(t.name(), t.type(), t.dims(), d);
            }
            w.write(out);
        }
        return out;
    }

    float[] logits(Path model) {
        int[] prompt = ints(reference("mini-packed").get("prompt"));
        try (BitNetModel m = BitNetModel.load(model, new ScalarKernels())) {
            return m.forward(prompt, m.newCache(64), true);
        }
    }

    @Test
    void llamaArchWithPermutedQkRowsGivesTheSameLogits() {
        int d = 64;
        Path llama = rewrite("llama.gguf",
                (k, v) -> k.equals("general.architecture") ? GgufValue.string("llama") : v,
                k -> k.startsWith("bitnet.") ? "llama." + k.substring("bitnet.".length()) : k,
                t -> true,
                t -> t.name().endsWith("attn_q.weight") || t.name().endsWith("attn_k.weight") ? dst -> permute(t, d, dst) : null);
        assertArrayEquals(logits(base), logits(llama));
    }

    /** What the converters' Llama path does: HF row j of a head goes to GGUF row 2j, HF row d/2 + j to 2j + 1. */
    static void permute(GgufTensor t, int d, MemorySegment dst) {
        int cols = (int) t.dims()[0], rows = (int) t.dims()[1];
        try (Arena a = Arena.ofConfined()) {
            MemorySegment packed = a.allocate((long) rows / 4 * cols);
            float scale = Tq2Codec.INSTANCE.decode(t.data(), rows, cols, packed, t.name());
            byte[] hf = TernaryPacking.unpack(packed, rows, cols), gguf = new byte[hf.length];
            for (int r = 0; r < rows; r++) {
                int head = r / d, j = r % d;
                int g = j < d / 2 ? 2 * j : 2 * (j - d / 2) + 1;
                System.arraycopy(hf, r * cols, gguf, (head * d + g) * cols, cols);
            }
            Tq2Codec.INSTANCE.encode(MemorySegment.ofArray(TernaryPacking.pack(gguf, rows, cols)), scale, rows, cols, dst);
        }
    }

    @Test
    void aSeparateScaleTensorIsFoldedIn() {
        try (Checkpoint c = Checkpoint.open(base)) {
            float s = c.get("model.layers.0.mlp.down_proj.weight_scale").getFloat(0);
            // The same file plus blk.0.ffn_down.scale = 2: the matrix's scale doubles.
            Path out = dir.resolve("with-scale.gguf");
            try (GgufFile f = GgufFile.open(base)) {
                GgufWriter w = new GgufWriter();
                f.metadata().entries().forEach(w::put);
                f.tensors().values().forEach(w::addTensor);
                w.addTensor("blk.0.ffn_down.scale", GgmlType.F32, new long[]{1}, dst -> dst.set(java.lang.foreign.ValueLayout.JAVA_FLOAT_UNALIGNED, 0, 2f));
                w.write(out);
            }
            try (Checkpoint c2 = Checkpoint.open(out)) {
                assertEquals(2 * s, c2.get("model.layers.0.mlp.down_proj.weight_scale").getFloat(0));
            }
        }
    }

    @Test
    void floatLinearWeightsThatAreTernaryTimesAScaleAreReadExactly() {
        Path out = dir.resolve("float.gguf");
        try (GgufFile f = GgufFile.open(base); Checkpoint c = Checkpoint.open(base); Arena a = Arena.ofConfined()) {
            GgufWriter w = new GgufWriter();
            f.metadata().entries().forEach(w::put);
            for (GgufTensor t : f.tensors().values()) {
                if (!GgufNames.isLinear(t.name())) {
                    w.addTensor(t);
                    continue;
                }
                int cols = (int) t.dims()[0], rows = (int) t.dims()[1];
                String hf = GgufNames.toHf(t.name()).orElseThrow();
                byte[] tern = TernaryPacking.unpack(c.get(hf).data(), rows, cols);
                float s = c.get(hf + "_scale").getFloat(0);
                w.addTensor(t.name(), GgmlType.F32, t.dims(), dst -> {
                    for (int i = 0; i < tern.length; i++) dst.setAtIndex(java.lang.foreign.ValueLayout.JAVA_FLOAT_UNALIGNED, i, tern[i] * s);
                });
            }
            w.write(out);
        }
        assertArrayEquals(logits(base), logits(out));
    }

    /** A Q8_0 embedding (llama.cpp's quantizer can write one) is widened to F32 on load: logits within Q8_0's rounding. */
    @Test
    void aQ8EmbeddingLoadsAndStaysCloseToTheExactOne() {
        Path q8 = rewrite("q8.gguf", (k, v) -> v, k -> k, t -> !t.name().equals("token_embd.weight"), t -> null);
        Path out = dir.resolve("q8-embd.gguf");
        try (GgufFile f = GgufFile.open(q8); GgufFile b = GgufFile.open(base)) {
            GgufWriter w = new GgufWriter();
            f.metadata().entries().forEach(w::put);
            GgufTensor e = b.tensor("token_embd.weight");
            w.addTensor("token_embd.weight", GgmlType.Q8_0, e.dims(), dst -> quantizeQ8(e, dst));
            f.tensors().values().forEach(w::addTensor);
            w.write(out);
        }
        try (Checkpoint c = Checkpoint.open(out); GgufFile f = GgufFile.open(out)) {
            Tensor embd = c.get("model.embed_tokens.weight");
            MemorySegment q = f.tensor("token_embd.weight").data();
            assertEquals(dev.bitnet4j.tensor.DType.F32, embd.dtype());
            for (long i = 0; i < embd.numel(); i++) {
                long block = i / 32;
                float d = Float.float16ToFloat(q.get(java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED, block * 34));
                assertEquals(d * q.get(java.lang.foreign.ValueLayout.JAVA_BYTE, block * 34 + 2 + i % 32), embd.getFloat(i), "entry " + i);
            }
        }
        // Through the int8 activations of every layer the embedding's rounding moves the logits by NMSE ~1e-3.
        float[] exact = logits(base), approx = logits(out);
        int V = 1024, agree = 0;
        for (int t = 0; t < exact.length / V; t++) {
            double[] ref = new double[V];
            for (int i = 0; i < V; i++) ref[i] = exact[t * V + i];
            assertTrue(nmse(approx, t * V, ref) < 1e-2, "position " + t + ": NMSE " + nmse(approx, t * V, ref));
            if (argmax(approx, t * V, V) == argmax(exact, t * V, V)) agree++;
        }
        assertTrue(agree >= 14, agree + " of 16 argmax agree");
    }

    /** ggml's Q8_0: blocks of 32, d = max|x| / 127 as f16, q = round(x / d). */
    static void quantizeQ8(GgufTensor bf16, MemorySegment dst) {
        long n = bf16.numel();
        for (long b = 0; b < n / 32; b++) {
            float max = 0;
            for (int i = 0; i < 32; i++) max = Math.max(max, Math.abs(value(bf16, b * 32 + i)));
            float d = max / 127;
            float id = d == 0 ? 0 : 1 / d;
            dst.set(java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED, b * 34, Float.floatToFloat16(d));
            for (int i = 0; i < 32; i++) {
                dst.set(java.lang.foreign.ValueLayout.JAVA_BYTE, b * 34 + 2 + i, (byte) Math.round(value(bf16, b * 32 + i) * id));
            }
        }
    }

    static float value(GgufTensor bf16, long i) {
        return dev.bitnet4j.tensor.Floats.bf16ToFloat(bf16.data().get(java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED, 2 * i));
    }

    @Test
    void modelProblemsInAWellFormedFileGetOneClearError() {
        rewrite("silu2.gguf", (k, v) -> k.equals("bitnet.hidden_activation") ? GgufValue.string("silu") : v, k -> k, t -> true, t -> null);
        fails(dir.resolve("silu2.gguf"), "bitnet.hidden_activation is 'silu'; BitNet b1.58 uses relu2");
        fails(rewrite("arch.gguf", (k, v) -> k.equals("general.architecture") ? GgufValue.string("qwen2") : v, k -> k, t -> true, t -> null),
                "architecture 'qwen2' is not BitNet b1.58");
        fails(rewrite("missing.gguf", (k, v) -> v, k -> k, t -> !t.name().equals("blk.1.ffn_down.weight"), t -> null),
                "tensor 'model.layers.1.mlp.down_proj.weight' is missing");
        fails(rewrite("nometa.gguf", (k, v) -> k.endsWith(".embedding_length") ? null : v, k -> k, t -> true, t -> null),
                "'bitnet.embedding_length' is missing");
    }

    static void fails(Path file, String message) {
        BitNetException e = assertThrows(BitNetException.class, () -> BitNetModel.load(file, new ScalarKernels()).close());
        assertTrue(e.getMessage().contains(message), e.getMessage());
        assertTrue(e.getMessage().contains(file.getFileName().toString()), e.getMessage());
    }
}
