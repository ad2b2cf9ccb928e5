package dev.bitnet4j.model;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bitnet4j.BitNetException;
import dev.bitnet4j.Fixtures;
import dev.bitnet4j.format.Json;
import dev.bitnet4j.format.RawSafetensors;
import dev.bitnet4j.format.SafetensorsFile;
import dev.bitnet4j.format.SafetensorsWriter;
import dev.bitnet4j.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.foreign.ValueLayout;
import java.nio.channels.FileChannel;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** Model folders: sharded checkpoints, and every way a folder can be broken. */
class ModelFolderTest {
    @TempDir
    Path dir;

    @Test
    void shardedCheckpointGivesTheSameLogits() throws IOException {
        Path sharded = shard(Fixtures.model("tiny-packed"), dir.resolve("sharded"));
        assertFalse(Files.exists(sharded.resolve("model.safetensors")));
        int[] prompt = {1, 5, 9, 200};
        try (BitNetModel a = BitNetModel.load(Fixtures.model("tiny-packed")); BitNetModel b = BitNetModel.load(sharded)) {
            assertArrayEquals(a.forward(prompt, a.newCache(8), true), b.forward(prompt, b.newCache(8), true));
        }
    }

    @Test
    void missingShard() throws IOException {
        Path sharded = shard(Fixtures.model("tiny-packed"), dir.resolve("sharded"));
        Files.delete(sharded.resolve("model-00002-of-00002.safetensors"));
        assertLoadError(sharded, "model-00002-of-00002.safetensors: shard listed in model.safetensors.index.json is missing");
    }

    @Test
    void packedByteHoldingThree() throws IOException {
        Path m = copy("tiny-packed");
        Path file = m.resolve("model.safetensors");
        long at;
        try (SafetensorsFile sf = SafetensorsFile.open(file)) {
            Tensor t = sf.tensors().get("model.layers.1.mlp.up_proj.weight");
            at = t.data().address() - sf.tensors().values().stream().mapToLong(x -> x.data().address()).min().orElseThrow();
            at += headerEnd(file) + 5;
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(new byte[]{(byte) 0b00_11_01_00}), at);
        }
        assertLoadError(m, "tensor 'model.layers.1.mlp.up_proj.weight' in " + file + ": byte 5 (0x34) holds the code 3");
    }

    @Test
    void configErrors() throws IOException {
        assertConfigError(c -> c.remove("hidden_size"), "required key 'hidden_size' is missing");
        assertConfigError(c -> c.put("num_attention_heads", 3), "num_attention_heads 3 does not divide hidden_size 64");
        assertConfigError(c -> c.put("num_key_value_heads", 3), "num_key_value_heads 3 does not divide num_attention_heads 4");
        assertConfigError(c -> c.put("vocab_size", "big"), "'vocab_size' must be a positive integer");
        assertConfigError(c -> c.put("hidden_act", "silu"), "hidden_act 'silu' is not supported");
        assertConfigError(c -> c.put("hidden_size", 128), "expected shape [512, 128], found [512, 64]");
        Path m = copy("tiny-packed");
        Files.writeString(m.resolve("config.json"), "{\"hidden_size\": 64,");
        assertLoadError(m, "config.json: malformed JSON");
        Files.delete(m.resolve("config.json"));
        assertLoadError(m, "config.json: file not found");
    }

    @Test
    void untiedLmHeadIsReadFromItsOwnTensor() throws IOException {
        Path m = copy("tiny-packed");
        Path file = m.resolve("model.safetensors");
        Path rewritten = dir.resolve("with-lm-head.safetensors");
        try (SafetensorsFile sf = SafetensorsFile.open(file)) {
            List<SafetensorsWriter.TensorSpec> specs = new ArrayList<>();
            for (Tensor t : sf.tensors().values()) specs.add(new SafetensorsWriter.TensorSpec(t.name(), t.dtype(), t.shape()));
            Tensor embed = sf.tensors().get("model.embed_tokens.weight");
            specs.add(new SafetensorsWriter.TensorSpec("lm_head.weight", embed.dtype(), embed.shape()));
            try (SafetensorsWriter w = SafetensorsWriter.create(rewritten, specs, Map.of())) {
                for (Tensor t : sf.tensors().values()) w.write(t.name(), sink -> sink.put(t.data()));
                // lm_head = -embedding: flipping the bf16 sign bit negates every logit exactly
                w.write("lm_head.weight", sink -> {
                    for (long i = 0; i < embed.numel(); i++) sink.putShort((short) (embed.data().get(Tensor.SHORT, 2 * i) ^ 0x8000));
                });
            }
        }
        Files.move(rewritten, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        int[] prompt = {3, 1, 4, 1, 5};
        float[] tied;
        try (BitNetModel a = BitNetModel.load(m)) {
            tied = a.forward(prompt, a.newCache(8), true);
        }
        ObjectNode c = (ObjectNode) Json.read(m.resolve("config.json"));
        Files.writeString(m.resolve("config.json"), c.put("tie_word_embeddings", false).toString());
        try (BitNetModel b = BitNetModel.load(m)) {
            float[] untied = b.forward(prompt, b.newCache(8), true);
            for (int i = 0; i < tied.length; i++) assertEquals(-tied[i], untied[i], 0f);
        }
        Path noHead = copy("tiny-packed");
        Files.writeString(noHead.resolve("config.json"), c.put("tie_word_embeddings", false).toString());
        assertLoadError(noHead, "tie_word_embeddings is false but the checkpoint has no lm_head.weight");
    }

    @Test
    void explicitHeadDimIsRead() throws IOException {
        int[] prompt = {7, 8, 9};
        float[] implicit;
        try (BitNetModel a = BitNetModel.load(Fixtures.model("tiny-packed"))) {
            implicit = a.forward(prompt, a.newCache(8), true);
        }
        Path m = copy("tiny-packed");
        ObjectNode c = (ObjectNode) Json.read(m.resolve("config.json"));
        Files.writeString(m.resolve("config.json"), c.put("head_dim", 16).toString());
        try (BitNetModel b = BitNetModel.load(m)) {
            assertEquals(16, b.config().headDim());
            assertArrayEquals(implicit, b.forward(prompt, b.newCache(8), true));
        }
        Files.writeString(m.resolve("config.json"), c.put("head_dim", 8).toString());
        assertLoadError(m, "tensor 'model.layers.0.self_attn.q_proj.weight' in " + m.resolve("model.safetensors")
                + ": expected shape [8, 64], found [16, 64]");
    }

    @Test
    void missingTensorAndWrongShapes() throws IOException {
        Path m = copy("tiny-packed");
        Path file = m.resolve("model.safetensors"), without = dir.resolve("without.safetensors");
        try (SafetensorsFile sf = SafetensorsFile.open(file)) {
            List<Tensor> kept = sf.tensors().values().stream().filter(t -> !t.name().endsWith("1.mlp.up_proj.weight_scale")).toList();
            try (SafetensorsWriter w = SafetensorsWriter.create(without,
                    kept.stream().map(t -> new SafetensorsWriter.TensorSpec(t.name(), t.dtype(), t.shape())).toList(), Map.of())) {
                for (Tensor t : kept) w.write(t.name(), sink -> sink.put(t.data()));
            }
        }
        Files.move(without, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertLoadError(m, "tensor 'model.layers.1.mlp.up_proj.weight' in " + file
                + ": U8 weight without a weight_scale tensor");
        Files.delete(file);
        assertLoadError(m, "no model.safetensors or model.safetensors.index.json");
        assertLoadError(dir.resolve("nothing-here"), "model not found");
    }

    private interface Edit {
        void apply(ObjectNode config);
    }

    private void assertConfigError(Edit edit, String problem) throws IOException {
        Path m = copy("tiny-packed");
        ObjectNode c = (ObjectNode) Json.read(m.resolve("config.json"));
        edit.apply(c);
        Files.writeString(m.resolve("config.json"), c.toPrettyString());
        assertLoadError(m, problem);
    }

    private static void assertLoadError(Path folder, String problem) {
        BitNetException e = assertThrows(BitNetException.class, () -> BitNetModel.load(folder).close());
        assertTrue(e.getMessage().contains(problem), "expected '" + problem + "' in: " + e.getMessage());
    }

    private int copies;

    private Path copy(String fixture) throws IOException {
        Path out = Files.createDirectories(dir.resolve(fixture + "-" + copies++));
        try (var files = Files.list(Fixtures.model(fixture))) {
            for (Path f : files.toList()) Files.copy(f, out.resolve(f.getFileName()));
        }
        return out;
    }

    private static long headerEnd(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file)) {
            ByteBuffer b = ByteBuffer.allocate(8).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            ch.read(b, 0);
            return 8 + b.getLong(0);
        }
    }

    /** Splits a folder's model.safetensors into two shards plus an index, as transformers saves large models. */
    static Path shard(Path folder, Path out) throws IOException {
        Files.createDirectories(out);
        Files.copy(folder.resolve("config.json"), out.resolve("config.json"));
        ObjectNode index = Json.MAPPER.createObjectNode();
        ObjectNode map = index.putObject("weight_map");
        try (SafetensorsFile sf = SafetensorsFile.open(folder.resolve("model.safetensors"))) {
            List<Tensor> all = new ArrayList<>(sf.tensors().values());
            int half = all.size() / 2;
            for (int s = 0; s < 2; s++) {
                String name = "model-0000" + (s + 1) + "-of-00002.safetensors";
                List<Tensor> part = s == 0 ? all.subList(0, half) : all.subList(half, all.size());
                ObjectNode header = Json.MAPPER.createObjectNode();
                var data = new java.io.ByteArrayOutputStream();
                for (Tensor t : part) {
                    ObjectNode e = header.putObject(t.name());
                    e.put("dtype", t.dtype().name());
                    var shape = e.putArray("shape");
                    for (long d : t.shape()) shape.add(d);
                    e.putArray("data_offsets").add(data.size()).add(data.size() + t.data().byteSize());
                    data.writeBytes(t.data().toArray(ValueLayout.JAVA_BYTE));
                    map.put(t.name(), name);
                }
                RawSafetensors.write(out.resolve(name), header.toString(), data.toByteArray());
            }
        }
        Files.writeString(out.resolve("model.safetensors.index.json"), index.toPrettyString());
        return out;
    }
}
