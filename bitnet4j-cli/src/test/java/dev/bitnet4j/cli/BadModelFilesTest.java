package dev.bitnet4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bitnet4j.format.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.*;

/** Broken model folders through the CLI: exit code 1 and one error line naming the file and the problem. */
class BadModelFilesTest {
    @TempDir
    Path dir;
    int n;

    Path model() throws IOException {
        return Cli.copyModel("tiny-packed", dir.resolve("m" + n++));
    }

    static Cli generate(Path model) {
        return Cli.run("generate", "--model", model.toString(), "--prompt-ids", "1,2,3", "--max-tokens", "2", "--json");
    }

    @Test
    void truncatedFile() throws IOException {
        Path m = model(), f = m.resolve("model.safetensors");
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
            ch.truncate(ch.size() / 2);
        }
        generate(m).failsWith(f + ": tensor '").failsWith("run past the end of the data");
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
            ch.truncate(5);
        }
        generate(m).failsWith(f + ": truncated: 5 bytes");
    }

    @Test
    void headerLengthLargerThanTheFile() throws IOException {
        Path m = model(), f = m.resolve("model.safetensors");
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 1L << 33), 0);
        }
        generate(m).failsWith(f + ": header length 8589934592 does not fit in the file");
    }

    @Test
    void overlappingOffsets() throws IOException {
        Path m = model(), f = m.resolve("model.safetensors");
        editHeader(f, h -> h.set("model.norm.weight", h.get("model.layers.0.input_layernorm.weight").deepCopy()));
        generate(m).failsWith(f + ": tensors '").failsWith("overlap");
    }

    @Test
    void offsetsPastTheData() throws IOException {
        Path m = model(), f = m.resolve("model.safetensors");
        editHeader(f, h -> ((ObjectNode) h.get("model.norm.weight")).putArray("data_offsets").add(1L << 30).add((1L << 30) + 128));
        generate(m).failsWith(f + ": tensor 'model.norm.weight': data_offsets [1073741824, 1073741952] run past the end");
    }

    @Test
    void unknownDtype() throws IOException {
        Path m = model(), f = m.resolve("model.safetensors");
        editHeader(f, h -> ((ObjectNode) h.get("model.norm.weight")).put("dtype", "Q9"));
        generate(m).failsWith(f + ": tensor 'model.norm.weight': unknown dtype 'Q9'");
    }

    @Test
    void shapeNotMatchingItsBytes() throws IOException {
        Path m = model(), f = m.resolve("model.safetensors");
        editHeader(f, h -> ((ObjectNode) h.get("model.norm.weight")).putArray("shape").add(65));
        generate(m).failsWith(f + ": tensor 'model.norm.weight': shape [65] of BF16 needs 130 bytes");
    }

    @Test
    void packedByteHoldingThree() throws IOException {
        Path m = model(), f = m.resolve("model.safetensors");
        JsonNode entry = header(f).get("model.layers.0.self_attn.k_proj.weight");
        long at = dataStart(f) + entry.get("data_offsets").get(0).asLong() + 3;
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(new byte[]{(byte) 0xC0}), at);
        }
        generate(m).failsWith("tensor 'model.layers.0.self_attn.k_proj.weight' in " + f + ": byte 3 (0xc0) holds the code 3");
    }

    @Test
    void configMissingAKeyOrWithHeadsNotDividingHidden() throws IOException {
        Path m = model(), c = m.resolve("config.json");
        ObjectNode config = (ObjectNode) Json.read(c);
        Files.writeString(c, config.deepCopy().without("num_hidden_layers").toString());
        generate(m).failsWith(c + ": required key 'num_hidden_layers' is missing");
        Files.writeString(c, config.deepCopy().put("num_attention_heads", 5).toString());
        generate(m).failsWith(c + ": num_attention_heads 5 does not divide hidden_size 64");
    }

    @Test
    void missingShard() throws IOException {
        Path m = model();
        Files.move(m.resolve("model.safetensors"), m.resolve("model-00001-of-00002.safetensors"));
        ObjectNode index = Json.MAPPER.createObjectNode();
        ObjectNode map = index.putObject("weight_map");
        header(m.resolve("model-00001-of-00002.safetensors")).fieldNames().forEachRemaining(name -> {
            if (!name.equals("__metadata__")) map.put(name, "model-00001-of-00002.safetensors");
        });
        map.put("model.norm.weight", "model-00002-of-00002.safetensors");
        Files.writeString(m.resolve("model.safetensors.index.json"), index.toString());
        generate(m).failsWith(m.resolve("model-00002-of-00002.safetensors")
                + ": shard listed in model.safetensors.index.json is missing");
    }

    static long dataStart(Path f) throws IOException {
        try (FileChannel ch = FileChannel.open(f)) {
            ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            ch.read(b, 0);
            return 8 + b.getLong(0);
        }
    }

    static ObjectNode header(Path f) throws IOException {
        try (FileChannel ch = FileChannel.open(f)) {
            ByteBuffer b = ByteBuffer.allocate((int) dataStart(f) - 8);
            ch.read(b, 8);
            return (ObjectNode) Json.parse(b.array(), f.toString());
        }
    }

    /**
     * Rewrites the JSON header in place, padded with spaces to its old length so the data stays put
     * (__metadata__ is dropped to make room for longer numbers).
     */
    static void editHeader(Path f, Consumer<ObjectNode> edit) throws IOException {
        ObjectNode h = header(f);
        h.remove("__metadata__");
        edit.accept(h);
        byte[] json = h.toString().getBytes(StandardCharsets.UTF_8);
        int length = (int) dataStart(f) - 8;
        assertTrue(json.length <= length, "edited header must not grow");
        ByteBuffer b = ByteBuffer.allocate(length);
        b.put(json);
        while (b.hasRemaining()) b.put((byte) ' ');
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
            ch.write(b.flip(), 8);
        }
    }
}
