package dev.bitnet4j.format.gguf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bitnet4j.BitNetException;

import java.util.List;
import java.util.OptionalLong;

/**
 * A GGUF file's model metadata ({@code <arch>.*} keys, spec gguf-ternary §5) as the config.json that a
 * Hugging Face BitNet checkpoint would carry, so both layouts are configured by one {@code ModelConfig}.
 */
public final class GgufConfig {
    private GgufConfig() {}

    /** bitnet.cpp's names for the 2B4T architecture (same graph). */
    public static final String FORK_ARCH = "bitnet-b1.58";
    public static final String FORK_ARCH_ALIAS = "bitnet-25";
    /** Upstream llama.cpp's name; its relu² graph needs {@code bitnet.hidden_activation = "relu2"}. */
    public static final String UPSTREAM_ARCH = "bitnet";
    /** A BitNet checkpoint converted as a Llama: same tensors, q/k rows permuted for interleaved RoPE. */
    public static final String LLAMA_ARCH = "llama";
    static final List<String> ARCHITECTURES = List.of(FORK_ARCH, FORK_ARCH_ALIAS, UPSTREAM_ARCH, LLAMA_ARCH);

    /** The config.json equivalent of a GGUF file's metadata. */
    public static JsonNode toHf(GgufFile f) {
        String where = f.path().toString();
        String arch = f.architecture();
        if (arch.isEmpty()) throw new BitNetException(where + ": metadata key 'general.architecture' is missing");
        if (!ARCHITECTURES.contains(arch)) {
            throw new BitNetException(where + ": architecture '" + arch + "' is not BitNet b1.58; bitnet4j reads " + ARCHITECTURES);
        }
        GgufMetadata m = f.metadata();
        String act = m.optString(arch + ".hidden_activation").orElse("relu2");
        if (!act.equals("relu2")) {
            throw new BitNetException(where + ": " + arch + ".hidden_activation is '" + act + "'; BitNet b1.58 uses relu2");
        }
        if (arch.equals(LLAMA_ARCH) && !f.tensors().containsKey("blk.0.attn_sub_norm.weight")) {
            throw new BitNetException(where + ": a Llama model without BitNet's sub-layer norms (blk.0.attn_sub_norm.weight); not BitNet b1.58");
        }
        m.optString(arch + ".rope.scaling.type").filter(t -> !t.equals("none")).ifPresent(t -> {
            throw new BitNetException(where + ": rope scaling '" + t + "' is not supported");
        });

        ObjectNode c = JsonNodeFactory.instance.objectNode();
        c.put("model_type", "bitnet").put("hidden_act", "relu2");
        int hidden = positive(m, where, arch + ".embedding_length");
        int heads = positive(m, where, arch + ".attention.head_count");
        c.put("hidden_size", hidden);
        c.put("intermediate_size", positive(m, where, arch + ".feed_forward_length"));
        c.put("num_hidden_layers", positive(m, where, arch + ".block_count"));
        c.put("num_attention_heads", heads);
        c.put("num_key_value_heads", m.optInteger(arch + ".attention.head_count_kv").isPresent()
                ? positive(m, where, arch + ".attention.head_count_kv") : heads);
        int headDim = m.optInteger(arch + ".attention.key_length").isPresent()
                ? positive(m, where, arch + ".attention.key_length") : hidden / heads;
        c.put("head_dim", headDim);
        OptionalLong rotary = m.optInteger(arch + ".rope.dimension_count");
        if (rotary.isPresent() && rotary.getAsLong() != headDim) {
            throw new BitNetException(where + ": " + arch + ".rope.dimension_count is " + rotary.getAsLong()
                    + " but the head size is " + headDim + "; BitNet b1.58 rotates whole heads");
        }
        GgufTensor embd = f.tensor("token_embd.weight");
        if (embd.dims().length != 2) throw new BitNetException(embd.where() + ": expected 2 dimensions");
        long vocab = embd.dims()[1];
        OptionalLong declared = m.optInteger(arch + ".vocab_size");
        if (declared.isPresent() && declared.getAsLong() != vocab) {
            throw new BitNetException(where + ": " + arch + ".vocab_size is " + declared.getAsLong()
                    + " but token_embd.weight has " + vocab + " rows");
        }
        c.put("vocab_size", vocab);
        c.put("max_position_embeddings", m.optInteger(arch + ".context_length").orElse(2048));
        // llama.cpp's default when the key is absent; 2B4T files carry 500000.
        c.put("rope_theta", m.optNumber(arch + ".rope.freq_base").orElse(10000.0));
        c.put("rms_norm_eps", m.optNumber(arch + ".attention.layer_norm_rms_epsilon").orElse(1e-5));
        c.put("tie_word_embeddings", !f.tensors().containsKey("output.weight"));
        m.optInteger("tokenizer.ggml.bos_token_id").ifPresent(id -> c.put("bos_token_id", id));
        m.optInteger("tokenizer.ggml.eos_token_id").ifPresent(id -> c.put("eos_token_id", id));
        return c;
    }

    private static int positive(GgufMetadata m, String where, String key) {
        long v = m.integer(key);
        if (v <= 0 || v > Integer.MAX_VALUE) throw new BitNetException(where + ": metadata '" + key + "' must be a positive int, found " + v);
        return (int) v;
    }
}
