package dev.bitnet4j.train.export;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bitnet4j.BitNetException;
import dev.bitnet4j.format.AtomicFile;
import dev.bitnet4j.format.HfCheckpoint;
import dev.bitnet4j.format.Json;
import dev.bitnet4j.format.OutputFolder;
import dev.bitnet4j.format.SafetensorsWriter;
import dev.bitnet4j.format.SafetensorsWriter.TensorSpec;
import dev.bitnet4j.model.ModelConfig;
import dev.bitnet4j.model.ModelShape;
import dev.bitnet4j.model.TernaryPacking;
import dev.bitnet4j.tensor.DType;
import dev.bitnet4j.tensor.Floats;
import dev.bitnet4j.train.nn.AbsmeanQuantizer;
import dev.bitnet4j.train.nn.Param;
import dev.bitnet4j.train.nn.Params;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a trained model as a folder the engine (and transformers) loads: config.json + model.safetensors in
 * the official layout of microsoft/bitnet-b1.58-2B-4T ({@link Layout#PACKED}) or of its -bf16 repository
 * ({@link Layout#BF16}, the latent master weights, quantized on load).
 * <p>
 * PACKED: each BitLinear's fp32 latent weights are quantized exactly as the trainer's forward pass does
 * ({@link AbsmeanQuantizer}): the ternary t is packed as U8 [rows/4, cols] ({@link TernaryPacking}) and the
 * latent scale 1/inv = max(mean|W|, 1e-5), a float32, is stored as weight_scale in bf16 (rounded to nearest
 * even, as the official checkpoint stores it): the one number of a BitLinear that the export changes, by at
 * most 2⁻⁹ relative. Norms and the embedding (also the tied lm_head) are stored in bf16.
 * <p>
 * BF16: every tensor rounded to bf16; the engine quantizes the rounded latents on load, so a weight lying
 * within bf16 rounding of a quantization boundary may get the neighbouring ternary value. PACKED is the
 * trainer's model; BF16 is for continuing training elsewhere or for tools that want master weights.
 */
public final class ModelExport {
    public enum Layout { PACKED, BF16 }

    private ModelExport() {}

    /**
     * Writes the model into {@code dir} (created if needed; an existing non-empty folder only with
     * {@code force}, and then only config.json and model.safetensors are replaced, each atomically).
     */
    public static void write(Params params, Layout layout, Path dir, boolean force) {
        ObjectNode config = config(params.config(), layout);
        OutputFolder.prepare(dir, force);
        List<TensorSpec> specs = new ArrayList<>();
        for (Param p : params.all()) {
            int[] s = p.shape();
            if (p.kind() == Param.Kind.LINEAR && layout == Layout.PACKED) {
                specs.add(new TensorSpec(p.name(), DType.U8, new long[]{s[0] / 4, s[1]}));
                specs.add(new TensorSpec(scaleName(p), DType.BF16, new long[]{1}));
            } else {
                specs.add(new TensorSpec(p.name(), DType.BF16, s.length == 1 ? new long[]{s[0]} : new long[]{s[0], s[1]}));
            }
        }
        try (SafetensorsWriter w = SafetensorsWriter.create(dir.resolve(HfCheckpoint.SINGLE), specs, SafetensorsWriter.PT_METADATA)) {
            for (Param p : params.all()) {
                if (p.kind() == Param.Kind.LINEAR && layout == Layout.PACKED) writePacked(w, p);
                else w.write(p.name(), sink -> {
                    for (float v : p.value()) sink.putBf16(v);
                });
            }
        }
        try {
            AtomicFile.write(dir.resolve(HfCheckpoint.CONFIG), Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(config));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise config.json", e);
        }
    }

    /**
     * A copy of {@code params} rounded as {@code layout} stores it: the embedding and norms in bf16, and for
     * {@link Layout#BF16} the latent BitLinear weights too. A {@code TrainModel} over the copy, in mode
     * TERNARY_BF16_SCALE for PACKED (which rounds each weight scale as PACKED stores it) or TERNARY for BF16
     * (whose scale the engine computes in float32 on load), computes the engine's numbers on the exported folder.
     */
    public static Params roundedAsExported(Params params, Layout layout) {
        Params copy = params.copy();
        for (Param p : copy.all()) {
            if (p.kind() == Param.Kind.LINEAR && layout == Layout.PACKED) continue;
            float[] v = p.value();
            for (int i = 0; i < v.length; i++) v[i] = Floats.bf16ToFloat(Floats.floatToBf16(v[i]));
        }
        return copy;
    }

    private static void writePacked(SafetensorsWriter w, Param p) {
        int rows = p.shape()[0], cols = p.shape()[1];
        float[] t = new float[p.size()];
        float scale = AbsmeanQuantizer.quantize(p.value(), t);
        byte[] ternary = new byte[t.length];
        for (int i = 0; i < t.length; i++) ternary[i] = (byte) t[i];
        byte[] packed = TernaryPacking.pack(ternary, rows, cols);
        w.write(p.name(), sink -> sink.put(packed, 0, packed.length));
        w.write(scaleName(p), sink -> sink.putBf16(scale));
    }

    private static String scaleName(Param p) {
        return p.name().substring(0, p.name().length() - "weight".length()) + "weight_scale";
    }

    /** The config.json of {@link ModelShape#config}, with the constants the model was trained with. */
    private static ObjectNode config(ModelConfig c, Layout layout) {
        if (c.headDim() * c.numHeads() != c.hiddenSize()) {
            throw new BitNetException("cannot export a model whose head_dim " + c.headDim() + " × heads " + c.numHeads()
                    + " differs from hidden_size " + c.hiddenSize());
        }
        ModelShape shape = new ModelShape(c.hiddenSize(), c.intermediateSize(), c.numLayers(), c.numHeads(),
                c.numKvHeads(), c.vocabSize());
        ObjectNode json = shape.config(layout == Layout.BF16);
        json.put("rope_theta", c.ropeTheta());
        json.put("rms_norm_eps", Double.parseDouble(Float.toString(c.rmsNormEps())));   // 1e-5, not 9.99999974e-6
        json.put("max_position_embeddings", c.maxPositions());
        json.put("bos_token_id", c.bosTokenId());
        if (c.eosTokenIds().size() == 1) json.put("eos_token_id", c.eosTokenIds().getFirst());
        else c.eosTokenIds().forEach(json.putArray("eos_token_id")::add);
        return json;
    }
}
