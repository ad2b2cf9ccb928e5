package dev.bitnet4j.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bitnet4j.BitNetException;
import dev.bitnet4j.format.Json;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * A byte-level BPE tokenizer read from a Hugging Face tokenizer.json (the Llama 3 one for 2B4T).
 * Each id maps to raw bytes: vocabulary entries through the byte-level alphabet, added tokens as
 * the UTF-8 of their text. Decoding joins bytes and reads them as UTF-8.
 */
public final class Tokenizer {
    public static final String FILE = "tokenizer.json";

    private final byte[][] tokenBytes;
    private final boolean[] special;

    private Tokenizer(byte[][] tokenBytes, boolean[] special) {
        this.tokenBytes = tokenBytes;
        this.special = special;
    }

    /** The tokenizer of a model folder, if it has a tokenizer.json. */
    public static Optional<Tokenizer> find(Path folder) {
        Path file = folder.resolve(FILE);
        return Files.exists(file) ? Optional.of(load(file)) : Optional.empty();
    }

    public static Tokenizer load(Path file) {
        JsonNode root = Json.read(file);
        JsonNode model = root.path("model");
        if (!model.isObject()) throw new BitNetException(file + ": no \"model\" object; not a Hugging Face tokenizer.json");
        String type = model.path("type").asText("");
        if (!type.equals("BPE")) {
            throw new BitNetException(file + ": tokenizer model type '" + type + "' is not supported (expected BPE)");
        }
        JsonNode vocab = model.path("vocab");
        if (!vocab.isObject()) throw new BitNetException(file + ": model.vocab is missing");
        int size = 0;
        for (JsonNode id : vocab) size = Math.max(size, id.asInt() + 1);
        for (JsonNode t : root.path("added_tokens")) size = Math.max(size, t.path("id").asInt() + 1);
        byte[][] bytes = new byte[size][];
        boolean[] special = new boolean[size];
        for (Iterator<Map.Entry<String, JsonNode>> it = vocab.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            int id = e.getValue().asInt(-1);
            byte[] b = ByteLevel.decode(e.getKey());
            if (id < 0 || b == null) {
                throw new BitNetException(file + ": vocabulary entry '" + e.getKey() + "' is not byte-level BPE");
            }
            bytes[id] = b;
        }
        for (JsonNode t : root.path("added_tokens")) {
            int id = t.path("id").asInt(-1);
            if (id < 0 || !t.path("content").isTextual()) throw new BitNetException(file + ": malformed added token " + t);
            bytes[id] = t.get("content").asText().getBytes(StandardCharsets.UTF_8);
            special[id] = t.path("special").asBoolean(false);
        }
        return new Tokenizer(bytes, special);
    }

    public int size() {
        return tokenBytes.length;
    }

    public boolean isSpecial(int id) {
        return id >= 0 && id < special.length && special[id];
    }

    /** The raw bytes of one token; empty for an id the tokenizer does not know. */
    public byte[] bytes(int id) {
        return id >= 0 && id < tokenBytes.length && tokenBytes[id] != null ? tokenBytes[id] : new byte[0];
    }

    /** Decodes ids to text; each maximal invalid UTF-8 subpart becomes U+FFFD. */
    public String decode(int[] ids, boolean skipSpecial) {
        StreamingDecoder d = streamingDecoder(skipSpecial);
        StringBuilder sb = new StringBuilder();
        for (int id : ids) sb.append(d.accept(id));
        return sb.append(d.flush()).toString();
    }

    /** A decoder for a stream of ids that never splits a UTF-8 character. */
    public StreamingDecoder streamingDecoder(boolean skipSpecial) {
        return new StreamingDecoder(this, skipSpecial);
    }
}
