package dev.bitnet4j.tokenizer;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bitnet4j.format.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A small byte-level BPE tokenizer.json written for tests: ids 0..255 are the bytes, then
 * "he" 256, "ll" 257, "hell" 258, "hello" 259 (merged in that order) and "ab" 260 (no merge
 * makes it), with Llama 3's pre-tokenizer and no added tokens until a test adds some.
 */
final class MiniTokenizer {
    final ObjectNode root = Json.MAPPER.createObjectNode();
    final ObjectNode model = root.putObject("model");

    MiniTokenizer() {
        model.put("type", "BPE");
        ObjectNode vocab = model.putObject("vocab");
        for (int b = 0; b < 256; b++) vocab.put(String.valueOf(ByteLevel.toChar(b)), b);
        String[] merged = {"he", "ll", "hell", "hello", "ab"};
        for (int i = 0; i < merged.length; i++) vocab.put(merged[i], 256 + i);
        model.putArray("merges").add("h e").add("l l").add("he ll").add("hell o");
        root.putNull("normalizer");
        ObjectNode pre = root.putObject("pre_tokenizer");
        pre.put("type", "Sequence");
        ArrayNode steps = pre.putArray("pretokenizers");
        ObjectNode split = steps.addObject();
        split.put("type", "Split").putObject("pattern").put("Regex", PreTokenizer.LLAMA3_PATTERN);
        split.put("behavior", "Isolated").put("invert", false);
        steps.addObject().put("type", "ByteLevel").put("add_prefix_space", false).put("use_regex", false);
        root.putArray("added_tokens");
    }

    MiniTokenizer added(int id, String content, boolean special, String... flags) {
        ObjectNode t = ((ArrayNode) root.get("added_tokens")).addObject();
        t.put("id", id).put("content", content).put("special", special);
        for (String flag : flags) t.put(flag, true);
        return this;
    }

    /** Writes tokenizer.json (and tokenizer_config.json when given) into {@code dir}; returns tokenizer.json. */
    Path write(Path dir, ObjectNode config) {
        try {
            Files.createDirectories(dir);
            if (config != null) Files.write(dir.resolve(SpecialTokens.CONFIG_FILE), Json.MAPPER.writeValueAsBytes(config));
            Path file = dir.resolve(Tokenizer.FILE);
            Files.write(file, Json.MAPPER.writeValueAsBytes(root));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Tokenizer load(Path dir) {
        return Tokenizer.load(write(dir, null));
    }
}
