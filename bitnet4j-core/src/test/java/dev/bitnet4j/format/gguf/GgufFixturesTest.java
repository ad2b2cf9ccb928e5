package dev.bitnet4j.format.gguf;

import dev.bitnet4j.Fixtures;
import dev.bitnet4j.format.Json;
import dev.bitnet4j.format.SafetensorsFile;
import dev.bitnet4j.tensor.DType;
import dev.bitnet4j.tensor.Tensor;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The three GGUF fixtures (spec gguf-ternary §5, §7): the mini model of fixtures/models/mini-packed as bitnet.cpp's
 * I2_S and upstream llama.cpp's TQ2_0 and TQ1_0, read tensor by tensor and rewritten byte for byte.
 */
class GgufFixturesTest {
    static final Path MINI_PACKED = Fixtures.model("mini-packed").resolve("model.safetensors");

    @TempDir
    Path dir;

    static Path fixture(String stem) {
        return Fixtures.resource("fixtures/gguf/" + stem + ".gguf");
    }

    @ParameterizedTest
    @CsvSource({"mini-i2_s, bitnet-b1.58, I2_S, 40, 16416", "mini-tq2_0, bitnet, TQ2_0, 37, 16896",
            "mini-tq1_0, bitnet, TQ1_0, 36, 13824"})
    void readsTheFixture(String stem, String arch, GgmlType linear, long fileType, long attnQBytes) {
        Path path = fixture(stem);
        assertEquals(Json.read(path.resolveSibling(stem + ".json")).get("gguf_bytes").asLong(), path.toFile().length());
        try (GgufFile f = GgufFile.open(path)) {
            assertEquals(3, f.version());
            assertEquals(32, f.alignment());
            assertEquals(arch, f.architecture());
            GgufMetadata m = f.metadata();
            assertEquals(fileType, m.integer("general.file_type"));
            assertEquals(2, m.integer("general.quantization_version"));
            assertEquals("no_vocab", m.string("tokenizer.ggml.model"));
            assertEquals(256, m.integer(arch + ".embedding_length"));
            assertEquals(2, m.integer(arch + ".block_count"));
            assertEquals(768, m.integer(arch + ".feed_forward_length"));
            assertEquals(4, m.integer(arch + ".attention.head_count"));
            assertEquals(2, m.integer(arch + ".attention.head_count_kv"));
            assertEquals(64, m.integer(arch + ".rope.dimension_count"));
            assertEquals(1024, m.integer(arch + ".vocab_size"));
            assertEquals(4096, m.integer(arch + ".context_length"));
            assertEquals(GgufValue.f32(1e-5f), m.get(arch + ".attention.layer_norm_rms_epsilon").orElseThrow());
            assertEquals(GgufValue.f32(500000f), m.get(arch + ".rope.freq_base").orElseThrow());
            assertEquals(arch.equals("bitnet") ? "relu2" : null, m.optString("bitnet.hidden_activation").orElse(null));

            assertEquals(expectedTensors(linear).stream().sorted().toList(),
                    f.tensors().values().stream().map(GgufFixturesTest::describe).sorted().toList());
            assertEquals(attnQBytes, f.tensor("blk.0.attn_q.weight").data().byteSize(), "256·256/4 + 32, 256 rows of 66 or of 54");
            for (GgufTensor t : f.tensors().values()) {
                assertEquals(0, t.offset() % 32, t.name());
                assertEquals(t.type().byteSize(t.dims()), t.data().byteSize(), t.name());
            }
        }
    }

    /** "name TYPE[dims]" of every tensor in the fixtures (spec §5), linear layers of type {@code linear}. */
    static List<String> expectedTensors(GgmlType linear) {
        List<String> out = new ArrayList<>(List.of("token_embd.weight F16[256, 1024]", "output_norm.weight F32[256]"));
        for (int l = 0; l < 2; l++) {
            String b = "blk." + l + ".";
            for (String norm : List.of("attn_norm", "attn_sub_norm", "ffn_norm")) out.add(b + norm + ".weight F32[256]");
            out.add(b + "ffn_sub_norm.weight F32[768]");
            out.add(b + "attn_q.weight " + linear + "[256, 256]");
            out.add(b + "attn_k.weight " + linear + "[256, 128]");
            out.add(b + "attn_v.weight " + linear + "[256, 128]");
            out.add(b + "attn_output.weight " + linear + "[256, 256]");
            out.add(b + "ffn_gate.weight " + linear + "[256, 768]");
            out.add(b + "ffn_up.weight " + linear + "[256, 768]");
            out.add(b + "ffn_down.weight " + linear + "[768, 256]");
        }
        return out;
    }

    private static String describe(GgufTensor t) {
        return t.name() + " " + t.type() + Arrays.toString(t.dims());
    }

    /**
     * The float tensors hold the checkpoint's values: norms exactly (BF16 to F32), the F16 embedding within f16's
     * rounding (spec §6: 2 of its 262,144 BF16 values are f16-subnormal and move by at most 3e-8). Checks that
     * every offset lands on the right bytes.
     */
    @ParameterizedTest
    @CsvSource({"mini-i2_s", "mini-tq2_0", "mini-tq1_0"})
    void floatTensorsHoldTheCheckpointsValues(String stem) {
        try (GgufFile f = GgufFile.open(fixture(stem)); SafetensorsFile hf = SafetensorsFile.open(MINI_PACKED)) {
            assertArrayEquals(floats(hf, "model.norm.weight"), floats(f.tensor("output_norm.weight")));
            for (int l = 0; l < 2; l++) {
                String hfLayer = "model.layers." + l + ".", blk = "blk." + l + ".";
                assertArrayEquals(floats(hf, hfLayer + "input_layernorm.weight"), floats(f.tensor(blk + "attn_norm.weight")));
                assertArrayEquals(floats(hf, hfLayer + "post_attention_layernorm.weight"), floats(f.tensor(blk + "ffn_norm.weight")));
                assertArrayEquals(floats(hf, hfLayer + "self_attn.attn_sub_norm.weight"), floats(f.tensor(blk + "attn_sub_norm.weight")));
                assertArrayEquals(floats(hf, hfLayer + "mlp.ffn_sub_norm.weight"), floats(f.tensor(blk + "ffn_sub_norm.weight")));
            }
            float[] embedding = floats(hf, "model.embed_tokens.weight");
            float[] f16 = floats(f.tensor("token_embd.weight"));
            int changed = 0;
            for (int i = 0; i < embedding.length; i++) {
                assertEquals(embedding[i], f16[i], 3e-8, "token_embd value " + i);
                if (embedding[i] != f16[i]) changed++;
            }
            assertEquals(2, changed);
        }
    }

    private static float[] floats(SafetensorsFile f, String name) {
        return f.tensors().get(name).toFloatArray();
    }

    private static float[] floats(GgufTensor t) {
        var dtype = switch (t.type()) {
            case F32 -> DType.F32;
            case F16 -> DType.F16;
            default -> throw new AssertionError(t + " is not a float tensor");
        };
        return new Tensor(t.name(), dtype, t.dims(), t.data(), t.file()).toFloatArray();
    }

    /**
     * Both producers (the fork's and upstream's ggml gguf writer) lay files out as {@link GgufWriter} does: no
     * padding between the header parts, the data section aligned to 32, each tensor padded to 32. So writing the same
     * metadata and tensors in the same order gives the same bytes, the I2_S scale blocks' undefined tail included.
     */
    @ParameterizedTest
    @CsvSource({"mini-i2_s", "mini-tq2_0", "mini-tq1_0"})
    void rewritingAFixtureGivesTheSameBytes(String stem) throws IOException {
        Path copy = dir.resolve(stem + ".gguf");
        try (GgufFile f = GgufFile.open(fixture(stem))) {
            GgufWriter w = new GgufWriter();
            f.metadata().entries().forEach(w::put);
            f.tensors().values().forEach(w::addTensor);
            w.write(copy);
        }
        assertEquals(-1, Files.mismatch(fixture(stem), copy));
    }
}
