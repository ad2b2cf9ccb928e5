package dev.bitnet4j.model;

import dev.bitnet4j.BitNetException;
import dev.bitnet4j.format.Checkpoint;
import dev.bitnet4j.tensor.Tensor;

import java.lang.foreign.Arena;

/**
 * All weights of a model, bound to the tensors of a checkpoint by their Hugging Face names. The
 * embedding (and lm_head) stay in the mapped file as bf16; ternary matrices stay packed.
 */
public record BitNetWeights(Tensor embedding, LayerWeights[] layers, float[] finalNorm, Tensor lmHead) {

    public static BitNetWeights load(Checkpoint ckpt, ModelConfig c, Arena arena) {
        int h = c.hiddenSize();
        Tensor embed = ckpt.get("model.embed_tokens.weight").requireFloat().requireShape(c.vocabSize(), h);
        LayerWeights[] layers = new LayerWeights[c.numLayers()];
        // Layers bind in parallel: for bf16 master weights this is quantize-on-load, ~2 G weights for 2B4T.
        // Each layer's error is kept, and the lowest layer's is thrown, so the message does not depend on timing.
        RuntimeException[] errors = new RuntimeException[layers.length];
        java.util.stream.IntStream.range(0, layers.length).parallel().forEach(l -> {
            try {
                layers[l] = bindLayer(ckpt, c, arena, l);
            } catch (RuntimeException e) {
                errors[l] = e;
            }
        });
        for (RuntimeException e : errors) if (e != null) throw e;
        float[] norm = new Binder(ckpt, c, arena, "model.").norm("norm.weight", h);
        Tensor lmHead = embed;
        if (!c.tieWordEmbeddings()) {
            lmHead = ckpt.find("lm_head.weight").orElseThrow(() -> new BitNetException(ckpt.path()
                    + ": tie_word_embeddings is false but the checkpoint has no lm_head.weight"));
            lmHead.requireFloat().requireShape(c.vocabSize(), h);
        }
        return new BitNetWeights(embed, layers, norm, lmHead);
    }

    /** These weights with every BitLinear matrix replaced by {@code f(matrix)}, layer by layer in forward order. */
    public BitNetWeights withMatrices(java.util.function.UnaryOperator<TernaryMatrix> f) {
        LayerWeights[] mapped = new LayerWeights[layers.length];
        for (int l = 0; l < layers.length; l++) mapped[l] = layers[l].withMatrices(f);
        return new BitNetWeights(embedding, mapped, finalNorm, lmHead);
    }

    /** {@link TernaryMatrix#checkCodes} on every matrix, lowest layer first: reads all packed bytes once. */
    public void checkCodes(Checkpoint ckpt) {
        for (LayerWeights l : layers) {
            for (TernaryMatrix m : l.matrices()) m.checkCodes(ckpt.get(m.name() + ".weight").where());
        }
    }

    private static LayerWeights bindLayer(Checkpoint ckpt, ModelConfig c, Arena arena, int l) {
        int h = c.hiddenSize(), inter = c.intermediateSize(), q = c.qDim(), kv = c.kvDim();
        Binder b = new Binder(ckpt, c, arena, "model.layers." + l + ".");
        return new LayerWeights(
                b.norm("input_layernorm.weight", h),
                b.linear("self_attn.q_proj", q, h),
                b.linear("self_attn.k_proj", kv, h),
                b.linear("self_attn.v_proj", kv, h),
                b.norm("self_attn.attn_sub_norm.weight", q),
                b.linear("self_attn.o_proj", h, q),
                b.norm("post_attention_layernorm.weight", h),
                b.linear("mlp.gate_proj", inter, h),
                b.linear("mlp.up_proj", inter, h),
                b.norm("mlp.ffn_sub_norm.weight", inter),
                b.linear("mlp.down_proj", h, inter));
    }

    /** Binds one layer's tensors, choosing packed or quantize-on-load by what the checkpoint holds. */
    private record Binder(Checkpoint ckpt, ModelConfig c, Arena arena, String prefix) {
        float[] norm(String name, int size) {
            return ckpt.get(prefix + name).requireFloat().requireShape(size).toFloatArray();
        }

        TernaryMatrix linear(String name, int rows, int cols) {
            String full = prefix + name;
            Tensor w = ckpt.get(full + ".weight");
            var scale = ckpt.find(full + ".weight_scale");
            if (scale.isPresent()) return TernaryMatrix.fromPacked(full, w, scale.get(), rows, cols);
            if (w.dtype().isFloat()) return TernaryMatrix.quantize(full, w, rows, cols, arena);
            throw new BitNetException(w.where() + ": " + w.dtype() + " weight without a weight_scale tensor;"
                    + " expected the packed layout (U8 + weight_scale) or float master weights");
        }
    }
}
