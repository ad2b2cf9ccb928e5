package dev.bitnet4j.model;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bitnet4j.BitNetException;
import dev.bitnet4j.format.Json;

import java.util.Arrays;
import java.util.Locale;

/**
 * The sizes of a BitNet b1.58 model to generate: hidden size, intermediate size, layers, attention heads,
 * KV heads and vocabulary. Every shape is one the engine loads (checked through {@link ModelConfig}, the
 * same rules a config.json meets) and no larger than 2B4T in any dimension, which bounds what a typo
 * can make: 2B4T's own shape writes about 1.2 GB packed, 4.8 GB in bf16.
 */
public record ModelShape(int hidden, int intermediate, int layers, int heads, int kvHeads, int vocab) {
    /** 2B4T's sizes, the bound on every shape; declared before the presets, which are checked against it. */
    private static final int[] MAX = {2560, 6912, 30, 20, 5, 128256};
    private static final String[] NAMES = {"hidden size", "intermediate size", "layers", "heads", "KV heads", "vocabulary"};

    public static final ModelShape TINY = new ModelShape(64, 160, 2, 4, 2, 512);
    /** Dimensions that are multiples of 256, so GGUF block formats can hold it. */
    public static final ModelShape MINI = new ModelShape(256, 768, 2, 4, 2, 1024);
    public static final ModelShape B1_58_2B4T = new ModelShape(MAX[0], MAX[1], MAX[2], MAX[3], MAX[4], MAX[5]);

    private static final String FORMS = "tiny, mini, 2b4t or six numbers H,I,L,HEADS,KV,VOCAB";

    public ModelShape {
        String where = "model shape " + text(hidden, intermediate, layers, heads, kvHeads, vocab);
        ModelConfig.fromJson(config(hidden, intermediate, layers, heads, kvHeads, vocab, false), where);
        int[] got = {hidden, intermediate, layers, heads, kvHeads, vocab};
        for (int i = 0; i < got.length; i++) {
            if (got[i] > MAX[i]) {
                throw new BitNetException(where + ": " + NAMES[i] + " " + got[i] + " is larger than 2B4T's "
                        + MAX[i] + "; shapes up to the 2B4T size are supported");
            }
        }
    }

    /** A preset name (tiny, mini, 2b4t) or six comma-separated numbers H,I,L,HEADS,KV,VOCAB. */
    public static ModelShape parse(String s) {
        String t = s == null ? "" : s.strip().toLowerCase(Locale.ROOT);
        return switch (t) {
            case "tiny" -> TINY;
            case "mini" -> MINI;
            case "2b4t" -> B1_58_2B4T;
            default -> parseNumbers(s, t.split(",", -1));
        };
    }

    private static ModelShape parseNumbers(String s, String[] parts) {
        if (parts.length != 6) throw new BitNetException("model shape '" + s + "': expected " + FORMS);
        int[] v = new int[6];
        for (int i = 0; i < 6; i++) {
            try {
                v[i] = Integer.parseInt(parts[i].strip());
            } catch (NumberFormatException e) {
                throw new BitNetException("model shape '" + s + "': '" + parts[i].strip()
                        + "' is not a whole number; expected " + FORMS);
            }
        }
        return new ModelShape(v[0], v[1], v[2], v[3], v[4], v[5]);
    }

    public int headDim() {
        return hidden / heads;
    }

    /** Output size of the k and v projections. */
    public int kvDim() {
        return kvHeads * headDim();
    }

    /**
     * The config.json of a model of this shape: the keys and constants of microsoft/bitnet-b1.58-2B-4T
     * (as shared/tools/bitnet_ref.py writes them), with quantization_mode "online" for bf16 master weights
     * and "offline" for the packed layout.
     */
    public ObjectNode config(boolean onlineQuantization) {
        return config(hidden, intermediate, layers, heads, kvHeads, vocab, onlineQuantization);
    }

    @Override
    public String toString() {
        return text(hidden, intermediate, layers, heads, kvHeads, vocab);
    }

    private static String text(int... dims) {
        return String.join(",", Arrays.stream(dims).mapToObj(Integer::toString).toList());
    }

    private static ObjectNode config(int hidden, int intermediate, int layers, int heads, int kvHeads, int vocab,
                                     boolean online) {
        ObjectNode c = Json.MAPPER.createObjectNode();
        c.putArray("architectures").add("BitNetForCausalLM");
        c.put("model_type", "bitnet");
        c.put("hidden_act", "relu2");
        c.put("max_position_embeddings", 4096);
        c.put("rms_norm_eps", 1e-5);
        c.put("rope_theta", 500000.0);
        c.put("tie_word_embeddings", true);
        c.put("bos_token_id", 128000);
        c.put("eos_token_id", 128001);
        c.put("torch_dtype", "bfloat16");
        c.put("attention_bias", false);
        c.put("attention_dropout", 0.0);
        c.put("initializer_range", 0.02);
        c.put("use_cache", true);
        ObjectNode q = c.putObject("quantization_config");
        q.put("quant_method", "bitnet");
        q.put("linear_class", "autobitlinear");
        q.put("quantization_mode", online ? "online" : "offline");
        c.put("hidden_size", hidden);
        c.put("intermediate_size", intermediate);
        c.put("num_hidden_layers", layers);
        c.put("num_attention_heads", heads);
        c.put("num_key_value_heads", kvHeads);
        c.put("vocab_size", vocab);
        return c;
    }
}
