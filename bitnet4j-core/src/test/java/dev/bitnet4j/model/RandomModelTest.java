package dev.bitnet4j.model;

import dev.bitnet4j.BitNetException;
import dev.bitnet4j.Fixtures;
import dev.bitnet4j.format.HfCheckpoint;
import dev.bitnet4j.format.Json;
import dev.bitnet4j.format.SafetensorsFile;
import dev.bitnet4j.model.RandomModel.Layout;
import dev.bitnet4j.tensor.Floats;
import dev.bitnet4j.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.*;

class RandomModelTest {
    /** A shape unlike the presets: one layer, head_dim 8, one KV head for all 4 query heads, vocabulary 100. */
    static final String CUSTOM = "32,96,1,4,1,100";

    @TempDir
    Path dir;

    private Path make(String shape, long seed, Layout layout) {
        Path out = dir.resolve(shape.replace(',', '_') + "-" + seed + "-" + layout);
        RandomModel.write(ModelShape.parse(shape), seed, layout, out, false);
        return out;
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"tiny|PACKED", "tiny|BF16", CUSTOM + "|PACKED", CUSTOM + "|BF16"})
    void loadsAndGivesFiniteLogits(String shape, Layout layout) {
        ModelShape s = ModelShape.parse(shape);
        try (BitNetModel model = BitNetModel.load(make(shape, 5, layout))) {
            ModelConfig c = model.config();
            assertEquals(s.hidden(), c.hiddenSize());
            assertEquals(s.kvHeads(), c.numKvHeads());
            assertEquals(layout == Layout.BF16, c.onlineQuantization());
            float[] logits = model.forward(new int[]{1, 2, 3}, model.newCache(16), true);
            assertEquals(3 * s.vocab(), logits.length);
            for (float v : logits) assertTrue(Float.isFinite(v), "logit " + v);
            assertNotEquals(logits[0], logits[1], "logits carry information");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"tiny", CUSTOM})
    void sameSeedGivesTheSameModelInBothLayouts(String shape) {
        try (BitNetModel packed = BitNetModel.load(make(shape, 11, Layout.PACKED));
             BitNetModel bf16 = BitNetModel.load(make(shape, 11, Layout.BF16))) {
            LayerWeights[] p = packed.weights().layers(), b = bf16.weights().layers();
            assertEquals(p.length, b.length);
            int nonzero = 0;
            for (int l = 0; l < p.length; l++) {
                for (int m = 0; m < 7; m++) {
                    TernaryMatrix pm = matrices(p[l]).get(m), bm = matrices(b[l]).get(m);
                    assertEquals(bm.rows(), pm.rows());
                    assertEquals(bm.cols(), pm.cols());
                    for (int r = 0; r < pm.rows(); r++) {
                        for (int c = 0; c < pm.cols(); c++) {
                            assertEquals(bm.get(r, c), pm.get(r, c), pm.name() + " at (" + r + ", " + c + ")");
                            nonzero += pm.get(r, c) != 0 ? 1 : 0;
                        }
                    }
                    assertEquals(Floats.bf16ToFloat(Floats.floatToBf16(bm.scale())), pm.scale(), pm.name() + " scale");
                }
                assertArrayEquals(b[l].inputNorm(), p[l].inputNorm());
                assertArrayEquals(b[l].ffnSubNorm(), p[l].ffnSubNorm());
            }
            assertTrue(nonzero > 0);
            assertArrayEquals(bf16.weights().finalNorm(), packed.weights().finalNorm());
        }
    }

    private static List<TernaryMatrix> matrices(LayerWeights w) {
        return List.of(w.q(), w.k(), w.v(), w.o(), w.gate(), w.up(), w.down());
    }

    @Test
    void sameSeedIsByteIdenticalAndOtherSeedsDiffer() throws IOException {
        byte[] a = Files.readAllBytes(make("tiny", 3, Layout.PACKED).resolve(HfCheckpoint.SINGLE));
        Path again = dir.resolve("again");
        RandomModel.write(ModelShape.TINY, 3, Layout.PACKED, again, false);
        assertArrayEquals(a, Files.readAllBytes(again.resolve(HfCheckpoint.SINGLE)));
        byte[] other = Files.readAllBytes(make("tiny", 4, Layout.PACKED).resolve(HfCheckpoint.SINGLE));
        assertEquals(a.length, other.length);
        assertFalse(Arrays.equals(a, other));
    }

    @ParameterizedTest
    @ValueSource(strings = {"packed", "bf16"})
    void tinyHasTheFixturesNamesDtypesShapesAndConfig(String variant) {
        Path ours = make("tiny", 1, variant.equals("bf16") ? Layout.BF16 : Layout.PACKED);
        Path fixture = Fixtures.model("tiny-" + variant);
        assertEquals(Json.read(fixture.resolve(HfCheckpoint.CONFIG)), Json.read(ours.resolve(HfCheckpoint.CONFIG)));
        try (SafetensorsFile f = SafetensorsFile.open(fixture.resolve(HfCheckpoint.SINGLE));
             SafetensorsFile g = SafetensorsFile.open(ours.resolve(HfCheckpoint.SINGLE))) {
            assertEquals(layout(f), layout(g));
            assertEquals(f.metadata(), g.metadata());
        }
    }

    private static Map<String, String> layout(SafetensorsFile f) {
        Map<String, String> out = new TreeMap<>();
        f.tensors().forEach((name, t) -> out.put(name, t.dtype() + Arrays.toString(t.shape())));
        return out;
    }

    @Test
    void weightsFollowTheReferenceDistributions() {
        Path out = make("mini", 2, Layout.BF16);
        try (SafetensorsFile f = SafetensorsFile.open(out.resolve(HfCheckpoint.SINGLE))) {
            Map<String, Tensor> t = f.tensors();
            assertEquals(0.5, std(t.get("model.embed_tokens.weight")), 0.005);
            assertEquals(1 / Math.sqrt(256), std(t.get("model.layers.1.self_attn.q_proj.weight")), 0.001);
            assertEquals(1 / Math.sqrt(768), std(t.get("model.layers.0.mlp.down_proj.weight")), 0.0005);
            assertRange(t.get("model.norm.weight"), 0.5, 1.5);
            assertRange(t.get("model.layers.0.input_layernorm.weight"), 0.5, 1.5);
            assertRange(t.get("model.layers.1.post_attention_layernorm.weight"), 0.5, 1.5);
            assertRange(t.get("model.layers.0.self_attn.attn_sub_norm.weight"), 2, 4);
            assertRange(t.get("model.layers.1.mlp.ffn_sub_norm.weight"), 2, 4);
        }
    }

    private static double std(Tensor t) {
        double sum = 0, sq = 0;
        long n = t.numel();
        for (long i = 0; i < n; i++) {
            double v = t.getFloat(i);
            sum += v;
            sq += v * v;
        }
        assertEquals(0, sum / n, 0.01, t.name() + " mean");
        return Math.sqrt(sq / n - (sum / n) * (sum / n));
    }

    /** Within [lo, hi] (bf16 rounding may reach the bounds) and spread over most of it. */
    private static void assertRange(Tensor t, double lo, double hi) {
        float[] v = t.toFloatArray();
        double min = Double.MAX_VALUE, max = -Double.MAX_VALUE;
        for (float x : v) {
            min = Math.min(min, x);
            max = Math.max(max, x);
        }
        assertTrue(min >= lo && max <= hi, t.name() + " in [" + min + ", " + max + "]");
        assertTrue(max - min > 0.8 * (hi - lo), t.name() + " spread [" + min + ", " + max + "]");
    }

    @Test
    void parsesPresetsAndCustomShapes() {
        assertEquals(new ModelShape(64, 160, 2, 4, 2, 512), ModelShape.parse("tiny"));
        assertEquals(new ModelShape(256, 768, 2, 4, 2, 1024), ModelShape.parse(" Mini "));
        assertEquals(new ModelShape(2560, 6912, 30, 20, 5, 128256), ModelShape.parse("2b4t"));
        ModelShape c = ModelShape.parse("32, 96, 1, 4, 1, 100");
        assertEquals(new ModelShape(32, 96, 1, 4, 1, 100), c);
        assertEquals(8, c.headDim());
        assertEquals(8, c.kvDim());
        assertEquals("32,96,1,4,1,100", c.toString());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "huge                   | expected tiny, mini, 2b4t or six numbers",
            "64,160,2,4,2           | expected tiny, mini, 2b4t or six numbers",
            "''                     | expected tiny, mini, 2b4t or six numbers",
            "64,160,2,4,2,x         | 'x' is not a whole number",
            "64,160,2,4,2,99999999999 | '99999999999' is not a whole number",
            "0,160,2,4,2,512        | 'hidden_size' must be a positive integer",
            "64,160,-2,4,2,512      | 'num_hidden_layers' must be a positive integer",
            "64,160,2,3,1,512       | num_attention_heads 3 does not divide hidden_size 64",
            "64,160,2,4,3,512       | num_key_value_heads 3 does not divide num_attention_heads 4",
            "36,160,2,4,2,512       | head_dim 9 must be even",
            "64,162,2,4,2,512       | multiple of 4",
            "24,160,2,4,1,512       | multiple of 4 for the packed layout, found 6",
            "64,160,31,4,2,512      | layers 31 is larger than 2B4T's 30",
            "5120,160,2,4,2,512     | hidden size 5120 is larger than 2B4T's 2560",
            "64,160,2,4,2,128257    | vocabulary 128257 is larger than 2B4T's 128256",
    })
    void rejectsBadShapes(String text, String message) {
        BitNetException e = assertThrows(BitNetException.class, () -> ModelShape.parse(text));
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    @Test
    void refusesANonEmptyFolderWithoutForce() throws IOException {
        Path out = dir.resolve("m");
        Files.createDirectories(out);
        Files.writeString(out.resolve("notes.txt"), "mine");
        BitNetException e = assertThrows(BitNetException.class,
                () -> RandomModel.write(ModelShape.TINY, 1, Layout.PACKED, out, false));
        assertTrue(e.getMessage().contains("exists and is not empty; choose a new folder or pass --force"), e.getMessage());
        assertEquals(List.of("notes.txt"), names(out));

        RandomModel.write(ModelShape.TINY, 1, Layout.PACKED, out, true);
        assertEquals(List.of("config.json", "model.safetensors", "notes.txt"), names(out));
        assertEquals("mine", Files.readString(out.resolve("notes.txt")));
        RandomModel.write(ModelShape.parse(CUSTOM), 1, Layout.BF16, out, true);   // replaces both files
        assertEquals(List.of("config.json", "model.safetensors", "notes.txt"), names(out));
        try (BitNetModel m = BitNetModel.load(out)) {
            assertEquals(32, m.config().hiddenSize());
            assertTrue(m.config().onlineQuantization());
        }
    }

    @Test
    void refusesAFolderWithAShardIndexEvenWithForce() throws IOException {
        Path out = dir.resolve("sharded");
        Files.createDirectories(out);
        Files.writeString(out.resolve(HfCheckpoint.INDEX), "{}");
        BitNetException e = assertThrows(BitNetException.class,
                () -> RandomModel.write(ModelShape.TINY, 1, Layout.PACKED, out, true));
        assertTrue(e.getMessage().contains(HfCheckpoint.INDEX), e.getMessage());
        assertEquals(List.of(HfCheckpoint.INDEX), names(out));
    }

    @Test
    void refusesAFileAsTheFolder() throws IOException {
        Path file = Files.writeString(dir.resolve("file"), "x");
        assertThrows(BitNetException.class, () -> RandomModel.write(ModelShape.TINY, 1, Layout.PACKED, file, true));
    }

    @Test
    void createsMissingParentFolders() {
        Path out = dir.resolve("a/b/c");
        RandomModel.write(ModelShape.TINY, 1, Layout.BF16, out, false);
        assertTrue(Files.exists(out.resolve(HfCheckpoint.SINGLE)));
    }

    private static List<String> names(Path dir) throws IOException {
        try (var s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
