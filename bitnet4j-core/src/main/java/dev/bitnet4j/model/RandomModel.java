package dev.bitnet4j.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.bitnet4j.BitNetException;
import dev.bitnet4j.format.AtomicFile;
import dev.bitnet4j.format.HfCheckpoint;
import dev.bitnet4j.format.OutputFolder;
import dev.bitnet4j.format.Json;
import dev.bitnet4j.format.SafetensorsWriter;
import dev.bitnet4j.format.SafetensorsWriter.TensorSpec;
import dev.bitnet4j.tensor.DType;
import dev.bitnet4j.tensor.Floats;
import dev.bitnet4j.tensor.Tensor;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Writes a model folder (config.json + model.safetensors) with random weights, in the official layout of
 * microsoft/bitnet-b1.58-2B-4T (packed) or of its -bf16 repository (master weights), with the tensor names
 * and distributions of shared/tools/bitnet_ref.py: embeddings N(0, 0.5²), input, post-attention and final
 * norms U(0.5, 1.5), sub-norms U(2, 4), latent BitLinear weights N(0, 1/fan_in) rounded to bf16.
 * <p>
 * One seed gives one model in both layouts: each tensor's numbers depend only on (seed, tensor name), and
 * the packed layout stores exactly what {@link TernaryMatrix#quantize} makes of the bf16 weights the bf16
 * layout stores (its scale rounded to bf16, as in the official checkpoint). Tensors are generated and
 * written one at a time, so memory stays at one weight matrix whatever the model's size.
 */
public final class RandomModel {
    public enum Layout { PACKED, BF16 }

    /** Embedding rows generated per chunk: the embedding is the one tensor too large to hold (0.66 GB for 2B4T). */
    private static final int EMBED_CHUNK_ROWS = 256;

    private final ModelShape shape;
    private final long seed;
    private final Layout layout;
    private final Path target;
    private short[] scratch = new short[0];

    private RandomModel(ModelShape shape, long seed, Layout layout, Path target) {
        this.shape = shape;
        this.seed = seed;
        this.layout = layout;
        this.target = target;
    }

    /**
     * Writes the model into {@code outDir}, creating it if needed. A folder that exists and is not empty
     * is refused unless {@code force}; then only config.json and model.safetensors are replaced (each
     * atomically), and every other file is left alone.
     */
    public static void write(ModelShape shape, long seed, Layout layout, Path outDir, boolean force) {
        OutputFolder.prepare(outDir, force);
        new RandomModel(shape, seed, layout, outDir.resolve(HfCheckpoint.SINGLE)).writeTensors();
        try {
            byte[] config = Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(shape.config(layout == Layout.BF16));
            AtomicFile.write(outDir.resolve(HfCheckpoint.CONFIG), config);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise config.json", e);
        }
    }

    /** One or two tensors written together (a packed weight and its scale come from one quantization). */
    private record Item(List<TensorSpec> specs, Consumer<SafetensorsWriter> emit) {}

    private void writeTensors() {
        List<Item> items = plan();
        List<TensorSpec> specs = items.stream().flatMap(i -> i.specs().stream()).toList();
        try (SafetensorsWriter w = SafetensorsWriter.create(target, specs, SafetensorsWriter.PT_METADATA)) {
            items.forEach(i -> i.emit().accept(w));
        }
    }

    private List<Item> plan() {
        int h = shape.hidden(), inter = shape.intermediate(), kv = shape.kvDim();
        List<Item> items = new ArrayList<>();
        items.add(embedding("model.embed_tokens.weight"));
        for (int l = 0; l < shape.layers(); l++) {
            String p = "model.layers." + l + ".";
            items.add(norm(p + "input_layernorm.weight", h, 0.5, 1.5));
            items.add(linear(p + "self_attn.q_proj", h, h));
            items.add(linear(p + "self_attn.k_proj", kv, h));
            items.add(linear(p + "self_attn.v_proj", kv, h));
            items.add(norm(p + "self_attn.attn_sub_norm.weight", h, 2.0, 4.0));
            items.add(linear(p + "self_attn.o_proj", h, h));
            items.add(norm(p + "post_attention_layernorm.weight", h, 0.5, 1.5));
            items.add(linear(p + "mlp.gate_proj", inter, h));
            items.add(linear(p + "mlp.up_proj", inter, h));
            items.add(norm(p + "mlp.ffn_sub_norm.weight", inter, 2.0, 4.0));
            items.add(linear(p + "mlp.down_proj", h, inter));
        }
        items.add(norm("model.norm.weight", h, 0.5, 1.5));
        return items;
    }

    private Item embedding(String name) {
        int rows = shape.vocab(), cols = shape.hidden();
        return new Item(List.of(spec(name, DType.BF16, rows, cols)), w -> w.write(name, sink -> {
            SeededRandom rng = SeededRandom.forTensor(seed, name);
            short[] chunk = scratch(EMBED_CHUNK_ROWS * cols);
            for (int r = 0; r < rows; r += EMBED_CHUNK_ROWS) {
                int n = Math.min(EMBED_CHUNK_ROWS, rows - r) * cols;
                gaussianBf16(rng, 0.5, chunk, n);
                sink.putShorts(chunk, 0, n);
            }
        }));
    }

    private Item norm(String name, int size, double lo, double hi) {
        return new Item(List.of(spec(name, DType.BF16, size)), w -> w.write(name, sink -> {
            SeededRandom rng = SeededRandom.forTensor(seed, name);
            for (int i = 0; i < size; i++) sink.putBf16((float) rng.uniform(lo, hi));
        }));
    }

    /** A BitLinear weight [rows = out, cols = in]: bf16 master weights, or packed ternary + weight_scale. */
    private Item linear(String prefix, int rows, int cols) {
        String weight = prefix + ".weight", scale = prefix + ".weight_scale";
        int n = rows * cols;   // at most 2B4T's 6912 × 2560, far from int overflow
        if (layout == Layout.BF16) {
            return new Item(List.of(spec(weight, DType.BF16, rows, cols)), w -> {
                short[] latent = latent(weight, n, cols);
                w.write(weight, sink -> sink.putShorts(latent, 0, n));
            });
        }
        return new Item(List.of(spec(weight, DType.U8, rows / 4, cols), spec(scale, DType.BF16, 1)), w -> {
            short[] latent = latent(weight, n, cols);
            try (Arena arena = Arena.ofConfined()) {
                // The very code that quantizes bf16 checkpoints on load, so both layouts agree bit for bit.
                Tensor bf16 = new Tensor(weight, DType.BF16, new long[]{rows, cols},
                        MemorySegment.ofArray(latent).asSlice(0, 2L * n), target);
                TernaryMatrix m = TernaryMatrix.quantize(weight, bf16, rows, cols, arena);
                w.write(weight, sink -> sink.put(m.packed()));
                w.write(scale, sink -> sink.putBf16(m.scale()));
            }
        });
    }

    /** The latent weights of one BitLinear, N(0, 1/fan_in) in bf16, in the scratch buffer. */
    private short[] latent(String name, int n, int fanIn) {
        short[] out = scratch(n);
        gaussianBf16(SeededRandom.forTensor(seed, name), 1 / Math.sqrt(fanIn), out, n);
        return out;
    }

    private static void gaussianBf16(SeededRandom rng, double std, short[] out, int n) {
        for (int i = 0; i < n; i++) out[i] = Floats.floatToBf16((float) (rng.nextGaussian() * std));
    }

    /** One buffer reused for every matrix, so 2B4T's 210 matrices do not churn 7 GB through the heap. */
    private short[] scratch(int n) {
        if (scratch.length < n) scratch = new short[n];
        return scratch;
    }

    private static TensorSpec spec(String name, DType dtype, long... shape) {
        return new TensorSpec(name, dtype, shape);
    }
}
