package dev.bitnet4j.format;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bitnet4j.BitNetException;
import dev.bitnet4j.format.SafetensorsWriter.TensorSpec;
import dev.bitnet4j.model.BitNetWeights;
import dev.bitnet4j.model.LayerWeights;
import dev.bitnet4j.model.TernaryMatrix;
import dev.bitnet4j.model.TernaryPacking;
import dev.bitnet4j.tensor.DType;
import dev.bitnet4j.tensor.Floats;
import dev.bitnet4j.tensor.Tensor;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Writes a model as a Hugging Face folder: config.json and one model.safetensors, in the official packed
 * layout (U8 + weight_scale: exact) or as bf16 master weights. The embedding keeps its dtype; norms and
 * scales are BF16 when that is exact, else F32, so nothing but the bf16 layout's weights is ever rounded.
 */
public final class HfExport {
    private HfExport() {}

    /** The two Hugging Face layouts. */
    public enum Layout { PACKED, BF16 }

    /** Writes {@code weights} with {@code config} (the source's config.json form) into the folder {@code out}. */
    public static void write(BitNetWeights weights, JsonNode config, Layout layout, Path out) {
        List<TensorSpec> specs = new ArrayList<>();
        List<Consumer<SafetensorsWriter>> bodies = new ArrayList<>();
        tensor(specs, bodies, "model.embed_tokens.weight", weights.embedding());
        for (int l = 0; l < weights.layers().length; l++) {
            LayerWeights w = weights.layers()[l];
            String p = "model.layers." + l + ".";
            norm(specs, bodies, p + "input_layernorm.weight", w.inputNorm());
            linear(specs, bodies, p + "self_attn.q_proj", w.q(), layout);
            linear(specs, bodies, p + "self_attn.k_proj", w.k(), layout);
            linear(specs, bodies, p + "self_attn.v_proj", w.v(), layout);
            norm(specs, bodies, p + "self_attn.attn_sub_norm.weight", w.attnSubNorm());
            linear(specs, bodies, p + "self_attn.o_proj", w.o(), layout);
            norm(specs, bodies, p + "post_attention_layernorm.weight", w.postAttnNorm());
            linear(specs, bodies, p + "mlp.gate_proj", w.gate(), layout);
            linear(specs, bodies, p + "mlp.up_proj", w.up(), layout);
            norm(specs, bodies, p + "mlp.ffn_sub_norm.weight", w.ffnSubNorm());
            linear(specs, bodies, p + "mlp.down_proj", w.down(), layout);
        }
        norm(specs, bodies, "model.norm.weight", weights.finalNorm());
        if (weights.lmHead() != weights.embedding()) tensor(specs, bodies, "lm_head.weight", weights.lmHead());
        try (SafetensorsWriter w = SafetensorsWriter.create(out.resolve(HfCheckpoint.SINGLE), specs, SafetensorsWriter.PT_METADATA)) {
            bodies.forEach(b -> b.accept(w));
        }
        writeConfig(config, layout, out);
    }

    private static void tensor(List<TensorSpec> specs, List<Consumer<SafetensorsWriter>> bodies, String name, Tensor t) {
        specs.add(new TensorSpec(name, t.dtype(), t.shape()));
        bodies.add(w -> w.write(name, sink -> sink.put(t.data())));
    }

    private static void norm(List<TensorSpec> specs, List<Consumer<SafetensorsWriter>> bodies, String name, float[] v) {
        boolean bf16 = true;
        for (float x : v) bf16 &= exactInBf16(x);
        boolean asBf16 = bf16;
        specs.add(new TensorSpec(name, asBf16 ? DType.BF16 : DType.F32, new long[]{v.length}));
        bodies.add(w -> w.write(name, sink -> {
            for (float x : v) {
                if (asBf16) sink.putBf16(x);
                else sink.putFloat(x);
            }
        }));
    }

    private static void linear(List<TensorSpec> specs, List<Consumer<SafetensorsWriter>> bodies, String prefix,
                               TernaryMatrix m, Layout layout) {
        String weight = prefix + ".weight";
        if (layout == Layout.BF16) {
            specs.add(new TensorSpec(weight, DType.BF16, new long[]{m.rows(), m.cols()}));
            bodies.add(w -> w.write(weight, sink -> masterWeights(m, sink)));
            return;
        }
        specs.add(new TensorSpec(weight, DType.U8, new long[]{m.rows() / 4, m.cols()}));
        bodies.add(w -> w.write(weight, sink -> sink.put(m.packed())));
        norm(specs, bodies, prefix + ".weight_scale", new float[]{m.scale()});
    }

    /**
     * bf16 master weights that quantize back to the same ternary values: the bf16 layout stores no scale, so
     * a loader recomputes it as mean|W| (spec §2). Non-zero weights are ±scale / (fraction of non-zeros), which
     * gives back every ternary value exactly and the scale up to bf16 rounding (2^-9 relative).
     */
    static void masterWeights(TernaryMatrix m, TensorSink sink) {
        byte[] t = TernaryPacking.unpack(m.packed(), m.rows(), m.cols());
        float mag = TernaryPacking.masterMagnitude(t, m.scale());
        short plus = Floats.floatToBf16(mag), minus = Floats.floatToBf16(-mag), zero = 0;
        for (byte v : t) sink.putShort(v > 0 ? plus : v < 0 ? minus : zero);
    }

    static boolean exactInBf16(float x) {
        return Floats.bf16ToFloat(Floats.floatToBf16(x)) == x || Float.isNaN(x);
    }

    private static void writeConfig(JsonNode source, Layout layout, Path out) {
        ObjectNode c = source.deepCopy();
        c.putArray("architectures").add("BitNetForCausalLM");
        c.put("model_type", "bitnet");
        if (c.has("head_dim") && c.get("head_dim").asInt() * c.path("num_attention_heads").asInt() == c.path("hidden_size").asInt()) {
            c.remove("head_dim");                       // the default; transformers' BitNetConfig derives it
        }
        ObjectNode q = c.putObject("quantization_config");
        q.put("quant_method", "bitnet");
        q.put("linear_class", "autobitlinear");
        q.put("quantization_mode", layout == Layout.PACKED ? "offline" : "online");
        c.put("torch_dtype", "bfloat16");
        try {
            AtomicFile.write(out.resolve(HfCheckpoint.CONFIG), Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(c));
        } catch (JsonProcessingException e) {
            throw new BitNetException("cannot write " + out.resolve(HfCheckpoint.CONFIG) + ": " + e.getMessage());
        }
    }
}
