package dev.bitnet4j.format.gguf;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tensor names in GGUF (llama.cpp's) and in Hugging Face checkpoints, for BitNet b1.58 (spec gguf-ternary §5).
 * Reading maps names through this table; GgufExport writes the llama.cpp names in llama.cpp's own tensor order,
 * which the tests hold byte-equal to files written by bitnet.cpp and llama.cpp.
 */
public final class GgufNames {
    private GgufNames() {}

    private static final Map<String, String> GLOBAL = Map.of(
            "token_embd.weight", "model.embed_tokens.weight",
            "output_norm.weight", "model.norm.weight",
            "output.weight", "lm_head.weight");

    /** Per-layer names: GGUF suffix after "blk.N." to HF suffix after "model.layers.N.". */
    private static final Map<String, String> LAYER = Map.ofEntries(
            Map.entry("attn_norm.weight", "input_layernorm.weight"),
            Map.entry("attn_q.weight", "self_attn.q_proj.weight"),
            Map.entry("attn_k.weight", "self_attn.k_proj.weight"),
            Map.entry("attn_v.weight", "self_attn.v_proj.weight"),
            Map.entry("attn_sub_norm.weight", "self_attn.attn_sub_norm.weight"),
            Map.entry("attn_output.weight", "self_attn.o_proj.weight"),
            Map.entry("ffn_norm.weight", "post_attention_layernorm.weight"),
            Map.entry("ffn_gate.weight", "mlp.gate_proj.weight"),
            Map.entry("ffn_up.weight", "mlp.up_proj.weight"),
            Map.entry("ffn_sub_norm.weight", "mlp.ffn_sub_norm.weight"),
            Map.entry("ffn_down.weight", "mlp.down_proj.weight"));

    private static final Pattern GGUF_LAYER = Pattern.compile("blk\\.(\\d+)\\.(.+)");

    /** The Hugging Face name of a GGUF tensor, or empty for a name this architecture does not have. */
    public static Optional<String> toHf(String gguf) {
        String global = GLOBAL.get(gguf);
        if (global != null) return Optional.of(global);
        Matcher m = GGUF_LAYER.matcher(gguf);
        if (!m.matches() || !LAYER.containsKey(m.group(2))) return Optional.empty();
        return Optional.of("model.layers." + m.group(1) + "." + LAYER.get(m.group(2)));
    }

    /** Whether a GGUF tensor is one of the seven BitLinear weights of a layer. */
    public static boolean isLinear(String gguf) {
        Matcher m = GGUF_LAYER.matcher(gguf);
        return m.matches() && switch (m.group(2)) {
            case "attn_q.weight", "attn_k.weight", "attn_v.weight", "attn_output.weight",
                 "ffn_gate.weight", "ffn_up.weight", "ffn_down.weight" -> true;
            default -> false;
        };
    }

    /** The optional per-matrix scale tensor that llama.cpp accepts beside a linear weight ("blk.N.attn_q.scale"). */
    public static String scaleOf(String ggufWeight) {
        return ggufWeight.substring(0, ggufWeight.length() - ".weight".length()) + ".scale";
    }
}
