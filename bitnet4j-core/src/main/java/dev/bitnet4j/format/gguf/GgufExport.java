package dev.bitnet4j.format.gguf;

import dev.bitnet4j.BitNetException;
import dev.bitnet4j.model.BitNetWeights;
import dev.bitnet4j.model.LayerWeights;
import dev.bitnet4j.model.ModelConfig;
import dev.bitnet4j.model.TernaryMatrix;
import dev.bitnet4j.tensor.Floats;
import dev.bitnet4j.tensor.Tensor;
import dev.bitnet4j.tokenizer.VocabularyData;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Writes a model as a GGUF file that bitnet.cpp (I2_S) or llama.cpp (TQ1_0, TQ2_0) loads: the metadata
 * keys, names, types and architecture string those programs require (gguf-ternary §5, §7), the ternary
 * weights re-encoded losslessly, norms as F32 and the embedding as F16 unless asked otherwise.
 */
public final class GgufExport {
    private GgufExport() {}

    /** The ternary formats, each with the architecture and file type its consumer expects. */
    public enum Target {
        I2S(GgmlType.I2_S, GgufConfig.FORK_ARCH, 40, I2sCodec.INSTANCE),
        TQ2(GgmlType.TQ2_0, GgufConfig.UPSTREAM_ARCH, 37, Tq2Codec.INSTANCE),
        TQ1(GgmlType.TQ1_0, GgufConfig.UPSTREAM_ARCH, 36, Tq1Codec.INSTANCE);

        final GgmlType type;
        final String arch;
        final int fileType;
        final TernaryCodec codec;

        Target(GgmlType type, String arch, int fileType, TernaryCodec codec) {
            this.type = type;
            this.arch = arch;
            this.fileType = fileType;
            this.codec = codec;
        }
    }

    /**
     * Writes {@code weights} (with {@code config}) to {@code out}. {@code embedType} is F16 (what both
     * programs write), BF16 or F32 (exact for a bf16 embedding). Without a vocabulary the file says
     * {@code no_vocab} and carries {@code <arch>.vocab_size}, as the fixtures do.
     */
    public static void write(BitNetWeights weights, ModelConfig config, Optional<VocabularyData> vocab, Target target,
                             GgmlType embedType, String name, Path out) {
        String a = target.arch;
        GgufWriter w = new GgufWriter();
        w.put("general.architecture", GgufValue.string(a));
        w.put("general.name", GgufValue.string(name));
        w.put(a + ".vocab_size", GgufValue.u32(config.vocabSize()));
        w.put(a + ".context_length", GgufValue.u32(config.maxPositions()));
        w.put(a + ".embedding_length", GgufValue.u32(config.hiddenSize()));
        w.put(a + ".block_count", GgufValue.u32(config.numLayers()));
        w.put(a + ".feed_forward_length", GgufValue.u32(config.intermediateSize()));
        w.put(a + ".rope.dimension_count", GgufValue.u32(config.headDim()));
        w.put(a + ".attention.head_count", GgufValue.u32(config.numHeads()));
        w.put(a + ".attention.head_count_kv", GgufValue.u32(config.numKvHeads()));
        if (config.headDim() * config.numHeads() != config.hiddenSize()) {
            w.put(a + ".attention.key_length", GgufValue.u32(config.headDim()));
            w.put(a + ".attention.value_length", GgufValue.u32(config.headDim()));
        }
        w.put(a + ".rope.freq_base", GgufValue.f32((float) config.ropeTheta()));
        w.put(a + ".attention.layer_norm_rms_epsilon", GgufValue.f32(config.rmsNormEps()));
        if (a.equals(GgufConfig.UPSTREAM_ARCH)) w.put("bitnet.hidden_activation", GgufValue.string("relu2"));
        w.put("general.file_type", GgufValue.u32(target.fileType));
        GgufVocabulary.write(vocab.map(v -> v.withVocabSize(config.vocabSize())), w);
        w.put("general.quantization_version", GgufValue.u32(2));

        floats(w, "token_embd.weight", weights.embedding(), embedType);
        w.addTensor("output_norm.weight", GgmlType.F32, new long[]{config.hiddenSize()}, dst -> f32(weights.finalNorm(), dst));
        if (weights.lmHead() != weights.embedding()) floats(w, "output.weight", weights.lmHead(), embedType);
        for (int l = 0; l < weights.layers().length; l++) {
            LayerWeights lw = weights.layers()[l];
            String p = "blk." + l + ".";
            norm(w, p + "attn_norm.weight", lw.inputNorm());
            linear(w, p + "attn_q.weight", lw.q(), target);
            linear(w, p + "attn_k.weight", lw.k(), target);
            linear(w, p + "attn_v.weight", lw.v(), target);
            norm(w, p + "attn_sub_norm.weight", lw.attnSubNorm());
            linear(w, p + "attn_output.weight", lw.o(), target);
            norm(w, p + "ffn_norm.weight", lw.postAttnNorm());
            linear(w, p + "ffn_gate.weight", lw.gate(), target);
            linear(w, p + "ffn_up.weight", lw.up(), target);
            norm(w, p + "ffn_sub_norm.weight", lw.ffnSubNorm());
            linear(w, p + "ffn_down.weight", lw.down(), target);
        }
        w.write(out);
    }

    private static void linear(GgufWriter w, String name, TernaryMatrix m, Target target) {
        try {
            target.codec.byteSize(m.rows(), m.cols());     // refuses a shape the format cannot hold, before writing
        } catch (BitNetException e) {
            throw new BitNetException("cannot write " + name + " [" + m.rows() + ", " + m.cols() + "] as " + target.type + ": " + e.getMessage());
        }
        w.addTensor(name, target.type, new long[]{m.cols(), m.rows()},
                dst -> target.codec.encode(m.packed(), m.scale(), m.rows(), m.cols(), dst));
    }

    private static void norm(GgufWriter w, String name, float[] v) {
        w.addTensor(name, GgmlType.F32, new long[]{v.length}, dst -> f32(v, dst));
    }

    private static void f32(float[] v, MemorySegment dst) {
        MemorySegment.copy(v, 0, dst, ValueLayout.JAVA_FLOAT_UNALIGNED, 0, v.length);
    }

    /** The embedding (or an untied head) [rows, cols] as ggml [cols, rows] of {@code type}. */
    private static void floats(GgufWriter w, String name, Tensor t, GgmlType type) {
        long n = t.numel();
        long[] dims = {t.shape()[1], t.shape()[0]};
        switch (type) {
            case F32 -> w.addTensor(name, type, dims, dst -> {
                for (long i = 0; i < n; i++) dst.set(ValueLayout.JAVA_FLOAT_UNALIGNED, 4 * i, t.getFloat(i));
            });
            case BF16 -> w.addTensor(name, type, dims, dst -> {
                for (long i = 0; i < n; i++) dst.set(ValueLayout.JAVA_SHORT_UNALIGNED, 2 * i, Floats.floatToBf16(t.getFloat(i)));
            });
            case F16 -> w.addTensor(name, type, dims, dst -> {
                for (long i = 0; i < n; i++) {
                    float x = t.getFloat(i);
                    short h = Float.floatToFloat16(x);
                    if (Float.isInfinite(Float.float16ToFloat(h)) && !Float.isInfinite(x)) {
                        throw new BitNetException(t.where() + ": value " + x + " at " + i + " does not fit F16; write the embedding as bf16 or f32");
                    }
                    dst.set(ValueLayout.JAVA_SHORT_UNALIGNED, 2 * i, h);
                }
            });
            default -> throw new BitNetException("the embedding can be written as f16, bf16 or f32, not " + type);
        }
    }
}
