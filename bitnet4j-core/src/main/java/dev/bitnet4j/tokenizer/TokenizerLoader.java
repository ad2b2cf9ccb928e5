package dev.bitnet4j.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bitnet4j.BitNetException;
import dev.bitnet4j.format.Json;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Reads a Hugging Face tokenizer.json (byte-level BPE only) and the tokenizer_config.json beside
 * it. Anything that would change the ids and that we do not implement is refused with the file
 * and the setting named, rather than ignored.
 */
final class TokenizerLoader {
    private TokenizerLoader() {}

    static Tokenizer load(Path file) {
        JsonNode root = Json.read(file);
        JsonNode model = root.path("model");
        if (!model.isObject()) throw new BitNetException(file + ": no \"model\" object; not a Hugging Face tokenizer.json");
        checkModel(file, model);
        if (!root.path("normalizer").isNull() && !root.path("normalizer").isMissingNode()) {
            throw new BitNetException(file + ": unsupported normalizer " + root.get("normalizer").path("type").asText("?")
                    + " (byte-level BPE tokenizers such as Llama 3's have none)");
        }
        Map<String, Integer> vocab = readVocab(file, model);
        List<AddedTokens.Token> added = readAddedTokens(file, root.path("added_tokens"));

        int size = 0;
        for (int id : vocab.values()) size = Math.max(size, id + 1);
        for (AddedTokens.Token t : added) size = Math.max(size, t.id() + 1);
        byte[][] bytes = new byte[size][];
        boolean[] special = new boolean[size];
        vocab.forEach((token, id) -> bytes[id] = ByteLevel.decode(token));
        Map<String, Integer> addedIds = new HashMap<>();
        for (AddedTokens.Token t : added) {
            bytes[t.id()] = t.content().getBytes(StandardCharsets.UTF_8);
            special[t.id()] = t.special();
            addedIds.put(t.content(), t.id());
        }

        Bpe bpe = new Bpe(vocab, readMerges(file, model.path("merges"), vocab),
                model.path("ignore_merges").asBoolean(false), byteIds(file, vocab));
        Encoder encoder = new Encoder(new AddedTokens(added), PreTokenizer.fromJson(file, root.path("pre_tokenizer")),
                bpe, Encoder.DEFAULT_CACHE_CAPACITY);
        Tokenizer.Ids ids = new Tokenizer.Ids(vocab, addedIds);
        SpecialTokens specials = SpecialTokens.load(file, root.path("post_processor"), ids::of);
        return new Tokenizer(bytes, special, ids, encoder, specials);
    }

    private static void checkModel(Path file, JsonNode model) {
        String type = model.path("type").asText("");
        if (!type.equals("BPE")) {
            throw new BitNetException(file + ": tokenizer model type '" + type + "' is not supported (expected BPE)");
        }
        if (model.path("dropout").asDouble(0) != 0) throw new BitNetException(file + ": unsupported BPE dropout " + model.get("dropout"));
        if (model.path("byte_fallback").asBoolean(false)) {
            throw new BitNetException(file + ": unsupported BPE byte_fallback (only byte-level BPE is supported)");
        }
        for (String key : List.of("continuing_subword_prefix", "end_of_word_suffix")) {
            if (!model.path(key).asText("").isEmpty()) throw new BitNetException(file + ": unsupported BPE " + key + " " + model.get(key));
        }
    }

    private static Map<String, Integer> readVocab(Path file, JsonNode model) {
        JsonNode vocab = model.path("vocab");
        if (!vocab.isObject()) throw new BitNetException(file + ": model.vocab is missing");
        Map<String, Integer> out = HashMap.newHashMap(vocab.size());
        for (Iterator<Map.Entry<String, JsonNode>> it = vocab.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode id = e.getValue();
            if (!id.isIntegralNumber() || !id.canConvertToInt() || id.asInt() < 0) {
                throw new BitNetException(file + ": vocabulary entry '" + e.getKey() + "' has id " + id + ", not a non-negative integer");
            }
            if (ByteLevel.decode(e.getKey()) == null) {
                throw new BitNetException(file + ": vocabulary entry '" + e.getKey() + "' is not byte-level BPE");
            }
            out.put(e.getKey(), id.asInt());
        }
        return out;
    }

    private static List<AddedTokens.Token> readAddedTokens(Path file, JsonNode tokens) {
        List<AddedTokens.Token> out = new ArrayList<>();
        for (JsonNode t : tokens) {
            int id = t.path("id").asInt(-1);
            if (id < 0 || !t.path("content").isTextual()) throw new BitNetException(file + ": malformed added token " + t);
            out.add(new AddedTokens.Token(id, t.get("content").asText(), t.path("special").asBoolean(false),
                    t.path("lstrip").asBoolean(false), t.path("rstrip").asBoolean(false),
                    t.path("single_word").asBoolean(false)));
        }
        return out;
    }

    /** model.merges as "a b" strings or [a, b] pairs; a merge's rank is its index. */
    private static MergeTable readMerges(Path file, JsonNode merges, Map<String, Integer> vocab) {
        if (!merges.isArray()) throw new BitNetException(file + ": model.merges is missing");
        MergeTable table = new MergeTable(merges.size());
        for (int rank = 0; rank < merges.size(); rank++) {
            JsonNode m = merges.get(rank);
            String a = null, b = null;
            if (m.isTextual()) {
                String s = m.asText();
                int space = s.indexOf(' ');
                if (space > 0 && s.indexOf(' ', space + 1) < 0) {
                    a = s.substring(0, space);
                    b = s.substring(space + 1);
                }
            } else if (m.isArray() && m.size() == 2 && m.get(0).isTextual() && m.get(1).isTextual()) {
                a = m.get(0).asText();
                b = m.get(1).asText();
            }
            if (a == null || b.isEmpty()) throw new BitNetException(file + ": model.merges[" + rank + "] " + m + " is not a pair of tokens");
            Integer left = vocab.get(a), right = vocab.get(b), merged = vocab.get(a + b);
            if (left == null || right == null || merged == null) {
                throw new BitNetException(file + ": model.merges[" + rank + "] " + m + " uses a token missing from model.vocab");
            }
            table.put(left, right, rank, merged);
        }
        return table;
    }

    /** The vocab id of each byte's character; byte-level BPE cannot encode arbitrary text without all 256. */
    private static int[] byteIds(Path file, Map<String, Integer> vocab) {
        int[] ids = new int[256];
        for (int b = 0; b < 256; b++) {
            Integer id = vocab.get(String.valueOf(ByteLevel.toChar(b)));
            if (id == null) throw new BitNetException(file + ": model.vocab lacks the byte-level token for byte " + b);
            ids[b] = id;
        }
        return ids;
    }
}
