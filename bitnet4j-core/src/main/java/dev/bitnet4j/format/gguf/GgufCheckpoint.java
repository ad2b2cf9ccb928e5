package dev.bitnet4j.format.gguf;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bitnet4j.BitNetException;
import dev.bitnet4j.format.Checkpoint;
import dev.bitnet4j.tensor.DType;
import dev.bitnet4j.tensor.Tensor;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A GGUF file seen as a Hugging Face checkpoint in the official packed layout. Float tensors (norms, the
 * embedding) stay in the mapped file; the ternary tensors (I2_S, TQ1_0, TQ2_0) are decoded into the packed
 * layout plus a one-element weight_scale ({@link PackedLinears}, cached on disk), so the rest of the engine
 * (binding, tile cache, kernels) is the same for every file format.
 */
public final class GgufCheckpoint implements Checkpoint {
    private final GgufFile file;
    private final JsonNode config;
    private final Map<String, Tensor> tensors;
    private final Arena arena;

    private GgufCheckpoint(GgufFile file, JsonNode config, Map<String, Tensor> tensors, Arena arena) {
        this.file = file;
        this.config = config;
        this.tensors = tensors;
        this.arena = arena;
    }

    public static GgufCheckpoint open(Path path) {
        GgufFile file = GgufFile.open(path);
        Arena arena = Arena.ofShared();
        try {
            JsonNode config = GgufConfig.toHf(file);
            return new GgufCheckpoint(file, config, bind(file, config, arena), arena);
        } catch (RuntimeException e) {
            arena.close();
            file.close();
            throw e;
        }
    }

    /** The parsed file, for its metadata (tokenizer, chat template). */
    public GgufFile gguf() {
        return file;
    }

    private static Map<String, Tensor> bind(GgufFile file, JsonNode config, Arena arena) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        List<GgufTensor> linears = new ArrayList<>();
        java.util.Set<String> scales = new java.util.HashSet<>();
        for (GgufTensor t : file.tensors().values()) {
            if (GgufNames.isLinear(t.name())) scales.add(GgufNames.scaleOf(t.name()));
        }
        for (GgufTensor t : file.tensors().values()) {
            if (GgufNames.isLinear(t.name())) {
                linears.add(t);
            } else if (scales.contains(t.name())) {
                continue;                                   // folded into its linear weight's scale below
            } else {
                String hf = GgufNames.toHf(t.name()).orElseThrow(() -> new BitNetException(t.where()
                        + ": not a tensor of BitNet b1.58 (expected the names of gguf-ternary §5)"));
                out.put(hf, floatTensor(t, hf, file.path(), arena));
            }
        }
        boolean permuted = file.architecture().equals(GgufConfig.LLAMA_ARCH);
        PackedLinears packed = PackedLinears.mapOrDecode(file, linears, permuted, config.get("head_dim").asInt(), arena);
        for (int i = 0; i < linears.size(); i++) {
            GgufTensor t = linears.get(i);
            String hf = GgufNames.toHf(t.name()).orElseThrow();
            float scale = packed.scale(i);
            GgufTensor extra = file.tensors().get(GgufNames.scaleOf(t.name()));
            if (extra != null) scale *= scaleValue(extra);
            if (!(scale > 0) || Float.isInfinite(scale)) throw new BitNetException(t.where() + ": scale " + scale + " is not a positive number");
            MemorySegment s = arena.allocate(4, 4);
            s.set(ValueLayout.JAVA_FLOAT, 0, scale);
            int cols = (int) t.dims()[0], rows = (int) t.dims()[1];
            out.put(hf, new Tensor(t.name(), DType.U8, new long[]{rows / 4, cols}, packed.weights(i), file.path()));
            out.put(hf + "_scale", new Tensor(GgufNames.scaleOf(t.name()), DType.F32, new long[]{1}, s, file.path()));
        }
        return Collections.unmodifiableMap(out);
    }

    /** A float tensor under its HF shape (ggml dims reversed); Q8_0 is widened to F32 off-heap. */
    static Tensor floatTensor(GgufTensor t, String hf, Path path, Arena arena) {
        long[] shape = hfShape(t);
        DType dtype = switch (t.type()) {
            case F32 -> DType.F32;
            case F16 -> DType.F16;
            case BF16 -> DType.BF16;
            case Q8_0 -> null;
            default -> throw new BitNetException(t.where() + ": type " + t.type()
                    + " is not supported for " + hf + " (bitnet4j reads F32, F16, BF16 or Q8_0 there)");
        };
        if (dtype != null) return new Tensor(t.name(), dtype, shape, t.data(), path);
        MemorySegment f32 = arena.allocate(t.numel() * 4, 64);
        Q8Blocks.dequantize(t.data(), t.numel(), f32);
        return new Tensor(t.name(), DType.F32, shape, f32, path);
    }

    private static float scaleValue(GgufTensor s) {
        if (s.type() != GgmlType.F32 || s.numel() != 1) throw new BitNetException(s.where() + ": expected one F32 value");
        return s.data().get(ValueLayout.JAVA_FLOAT_UNALIGNED, 0);
    }

    private static long[] hfShape(GgufTensor t) {
        long[] shape = new long[t.dims().length];
        for (int i = 0; i < shape.length; i++) shape[i] = t.dims()[shape.length - 1 - i];
        return shape;
    }

    @Override
    public Path path() {
        return file.path();
    }

    @Override
    public List<Path> files() {
        return List.of(file.path());
    }

    @Override
    public JsonNode config() {
        return config;
    }

    @Override
    public String configSource() {
        return file.path() + " (GGUF metadata)";
    }

    @Override
    public Optional<JsonNode> generationConfig() {
        return Optional.empty();
    }

    @Override
    public Map<String, Tensor> tensors() {
        return tensors;
    }

    @Override
    public void close() {
        arena.close();
        file.close();
    }
}
