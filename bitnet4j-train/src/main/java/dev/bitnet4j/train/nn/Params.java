package dev.bitnet4j.train.nn;

import dev.bitnet4j.BitNetException;
import dev.bitnet4j.model.ModelConfig;
import dev.bitnet4j.model.SeededRandom;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every trainable tensor of a BitNet b1.58 model, named as in its checkpoints (spec §2), in checkpoint order.
 * The lm_head is tied to the embedding, so it has no tensor of its own.
 */
public final class Params {
    /** Standard deviation of the initial matrices: the initializer_range of BitNet's config. */
    public static final double INIT_STD = 0.02;

    private final ModelConfig config;
    private final Map<String, Param> byName = new LinkedHashMap<>();

    private Params(ModelConfig config) {
        if (!config.tieWordEmbeddings()) {
            throw new BitNetException("the trainer makes models with tied embeddings (tie_word_embeddings true)");
        }
        this.config = config;
        int h = config.hiddenSize(), inter = config.intermediateSize(), q = config.qDim(), kv = config.kvDim();
        add(new Param("model.embed_tokens.weight", Param.Kind.EMBEDDING, config.vocabSize(), h));
        for (int l = 0; l < config.numLayers(); l++) {
            String p = layerPrefix(l);
            add(new Param(p + "input_layernorm.weight", Param.Kind.NORM, h));
            add(new Param(p + "self_attn.q_proj.weight", Param.Kind.LINEAR, q, h));
            add(new Param(p + "self_attn.k_proj.weight", Param.Kind.LINEAR, kv, h));
            add(new Param(p + "self_attn.v_proj.weight", Param.Kind.LINEAR, kv, h));
            add(new Param(p + "self_attn.attn_sub_norm.weight", Param.Kind.NORM, q));
            add(new Param(p + "self_attn.o_proj.weight", Param.Kind.LINEAR, h, q));
            add(new Param(p + "post_attention_layernorm.weight", Param.Kind.NORM, h));
            add(new Param(p + "mlp.gate_proj.weight", Param.Kind.LINEAR, inter, h));
            add(new Param(p + "mlp.up_proj.weight", Param.Kind.LINEAR, inter, h));
            add(new Param(p + "mlp.ffn_sub_norm.weight", Param.Kind.NORM, inter));
            add(new Param(p + "mlp.down_proj.weight", Param.Kind.LINEAR, h, inter));
        }
        add(new Param("model.norm.weight", Param.Kind.NORM, h));
    }

    /** All tensors zero (fill them yourself, e.g. from a checkpoint). */
    public static Params zeros(ModelConfig config) {
        return new Params(config);
    }

    /**
     * The initial model: embedding and BitLinear weights N(0, {@code std}²), norm weights 1. Each tensor's
     * numbers depend only on (seed, tensor name) ({@link SeededRandom#forTensor}), so a seed gives the same
     * model on every JVM.
     */
    public static Params init(ModelConfig config, long seed, double std) {
        Params p = new Params(config);
        for (Param t : p.all()) {
            if (t.kind() == Param.Kind.NORM) {
                Arrays.fill(t.value(), 1f);
                continue;
            }
            SeededRandom rng = SeededRandom.forTensor(seed, t.name());
            float[] v = t.value();
            for (int i = 0; i < v.length; i++) v[i] = (float) (std * rng.nextGaussian());
        }
        return p;
    }

    public static String layerPrefix(int layer) {
        return "model.layers." + layer + ".";
    }

    public ModelConfig config() {
        return config;
    }

    /** Every tensor, in checkpoint order. */
    public List<Param> all() {
        return Collections.unmodifiableList(new ArrayList<>(byName.values()));
    }

    public Param get(String name) {
        Param p = byName.get(name);
        if (p == null) throw new IllegalArgumentException("no parameter named " + name);
        return p;
    }

    public void zeroGrad() {
        for (Param p : byName.values()) Arrays.fill(p.grad(), 0f);
    }

    /** A deep copy: values and gradients. */
    public Params copy() {
        Params c = new Params(config);
        for (Param p : byName.values()) {
            Param q = c.get(p.name());
            System.arraycopy(p.value(), 0, q.value(), 0, p.size());
            System.arraycopy(p.grad(), 0, q.grad(), 0, p.size());
        }
        return c;
    }

    private void add(Param p) {
        byName.put(p.name(), p);
    }
}
