package dev.bitnet4j.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bitnet4j.BitNetException;

import java.util.ArrayList;
import java.util.List;

/**
 * The sizes and constants of a BitNet b1.58 model, read from its config.json. Nothing here is
 * hard-coded to 2B4T: every size comes from the file, with transformers' BitNetConfig defaults for
 * the optional keys.
 */
public record ModelConfig(
        int hiddenSize,
        int intermediateSize,
        int numLayers,
        int numHeads,
        int numKvHeads,
        int headDim,
        int vocabSize,
        int maxPositions,
        double ropeTheta,
        float rmsNormEps,
        boolean tieWordEmbeddings,
        int bosTokenId,
        List<Integer> eosTokenIds,
        boolean onlineQuantization) {

    public int qDim() {
        return numHeads * headDim;
    }

    public int kvDim() {
        return numKvHeads * headDim;
    }

    /** Ternary weights per layer (the seven BitLinear matrices). */
    public long ternaryParamsPerLayer() {
        long h = hiddenSize;
        return 2 * h * qDim() + 2 * h * kvDim() + 3 * h * intermediateSize;
    }

    public static ModelConfig fromJson(JsonNode c, String where) {
        Reader r = new Reader(c, where);
        String type = r.text("model_type", "bitnet");
        if (!type.equals("bitnet")) {
            throw new BitNetException(where + ": model_type '" + type + "' is not supported; bitnet4j runs BitNet b1.58 ('bitnet')");
        }
        String act = r.text("hidden_act", "relu2");
        if (!act.equals("relu2")) {
            throw new BitNetException(where + ": hidden_act '" + act + "' is not supported; BitNet b1.58 uses 'relu2'");
        }
        int hidden = r.positiveInt("hidden_size");
        int inter = r.positiveInt("intermediate_size");
        int layers = r.positiveInt("num_hidden_layers");
        int heads = r.positiveInt("num_attention_heads");
        int vocab = r.positiveInt("vocab_size");
        int kvHeads = c.has("num_key_value_heads") && !c.get("num_key_value_heads").isNull()
                ? r.positiveInt("num_key_value_heads") : heads;
        int headDim;
        if (c.has("head_dim") && !c.get("head_dim").isNull()) {
            headDim = r.positiveInt("head_dim");
        } else {
            if (hidden % heads != 0) {
                throw new BitNetException(where + ": num_attention_heads " + heads + " does not divide hidden_size " + hidden);
            }
            headDim = hidden / heads;
        }
        if (heads % kvHeads != 0) {
            throw new BitNetException(where + ": num_key_value_heads " + kvHeads + " does not divide num_attention_heads " + heads);
        }
        if (headDim % 2 != 0) throw new BitNetException(where + ": head_dim " + headDim + " must be even for RoPE");
        for (int[] d : new int[][]{{hidden}, {inter}, {heads * headDim}, {kvHeads * headDim}}) {
            if (d[0] % 4 != 0) {
                throw new BitNetException(where + ": every projection's output size must be a multiple of 4 for the packed layout, found " + d[0]);
            }
        }
        if (c.has("rope_scaling") && !c.get("rope_scaling").isNull()) {
            throw new BitNetException(where + ": rope_scaling is not supported");
        }
        int maxPos = r.positiveInt("max_position_embeddings", 2048);
        double theta = r.positiveDouble("rope_theta", 500000.0);
        float eps = (float) r.positiveDouble("rms_norm_eps", 1e-5);
        boolean tie = r.bool("tie_word_embeddings", false);
        int bos = r.intOr("bos_token_id", 128000);
        List<Integer> eos = r.intList("eos_token_id", List.of(128001));
        JsonNode q = c.get("quantization_config");
        boolean online = q != null && "online".equals(q.path("quantization_mode").asText(""));
        return new ModelConfig(hidden, inter, layers, heads, kvHeads, headDim, vocab, maxPos, theta, eps, tie,
                bos, eos, online);
    }

    /** Typed access to config keys with one error style. */
    private record Reader(JsonNode c, String where) {
        JsonNode required(String key) {
            JsonNode n = c.get(key);
            if (n == null || n.isNull()) throw new BitNetException(where + ": required key '" + key + "' is missing");
            return n;
        }

        int positiveInt(String key) {
            JsonNode n = required(key);
            if (!n.canConvertToExactIntegral() || !n.canConvertToInt() || n.asInt() <= 0) {
                throw new BitNetException(where + ": '" + key + "' must be a positive integer, found " + n);
            }
            return n.asInt();
        }

        int positiveInt(String key, int dflt) {
            return c.has(key) && !c.get(key).isNull() ? positiveInt(key) : dflt;
        }

        int intOr(String key, int dflt) {
            JsonNode n = c.get(key);
            if (n == null || n.isNull()) return dflt;
            if (!n.canConvertToExactIntegral()) throw new BitNetException(where + ": '" + key + "' must be an integer, found " + n);
            return n.asInt();
        }

        double positiveDouble(String key, double dflt) {
            JsonNode n = c.get(key);
            if (n == null || n.isNull()) return dflt;
            if (!n.isNumber() || !(n.asDouble() > 0) || Double.isInfinite(n.asDouble())) {
                throw new BitNetException(where + ": '" + key + "' must be a positive number, found " + n);
            }
            return n.asDouble();
        }

        boolean bool(String key, boolean dflt) {
            JsonNode n = c.get(key);
            if (n == null || n.isNull()) return dflt;
            if (!n.isBoolean()) throw new BitNetException(where + ": '" + key + "' must be true or false, found " + n);
            return n.asBoolean();
        }

        String text(String key, String dflt) {
            JsonNode n = c.get(key);
            return n == null || n.isNull() ? dflt : n.asText();
        }

        List<Integer> intList(String key, List<Integer> dflt) {
            JsonNode n = c.get(key);
            if (n == null || n.isNull()) return dflt;
            List<Integer> out = new ArrayList<>();
            if (n.isArray()) n.forEach(e -> out.add(e.asInt()));
            else if (n.canConvertToExactIntegral()) out.add(n.asInt());
            else throw new BitNetException(where + ": '" + key + "' must be an integer or a list of integers, found " + n);
            return List.copyOf(out);
        }
    }
}
