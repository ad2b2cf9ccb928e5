package dev.bitnet4j.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bitnet4j.BitNetException;
import dev.bitnet4j.format.Json;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Reads a Hugging Face tokenizer.json (byte-level BPE only) and the tokenizer_config.json beside
 * it. Anything that would change the ids and that we do not implement is refused with the file
 * and the setting named, rather than ignored.
 */
final class TokenizerLoader {
    private TokenizerLoader() {}

    private static final String VOCAB = "model.vocab";

    /**
     * A tokenizer.json as read: the pieces a GGUF converter takes from it (merges as "left right"
     * strings), and the Tokenizer built from them.
     */
    record Contents(Map<String, Integer> vocab, List<AddedTokens.Token> added, List<String> merges,
                    boolean ignoreMerges, PreTokenizer preTokenizer, Tokenizer tokenizer) {}

    static Tokenizer load(Path file) {
        return read(file).tokenizer();
    }

    static Contents read(Path file) {
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
        List<String> merges = readMerges(file, model.path("merges"));
        MergeTable mergeTable = TokenizerParts.mergeTable(file.toString(), "model.merges", merges, vocab, VOCAB);
        boolean ignoreMerges = model.path("ignore_merges").asBoolean(false);
        PreTokenizer preTokenizer = PreTokenizer.fromJson(file, root.path("pre_tokenizer"));
        TokenizerParts parts = new TokenizerParts(file.toString(), VOCAB, 0, vocab, added, mergeTable, ignoreMerges, preTokenizer);
        SpecialTokens specials = SpecialTokens.load(file, root.path("post_processor"), parts.ids()::of);
        return new Contents(vocab, added, merges, ignoreMerges, preTokenizer, parts.build(specials));
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

    /**
     * model.merges as "a b" strings or [a, b] pairs, each made an "a b" string as llama.cpp's converter
     * writes it; {@link TokenizerParts#mergeTable} resolves them.
     */
    private static List<String> readMerges(Path file, JsonNode merges) {
        if (!merges.isArray()) throw new BitNetException(file + ": model.merges is missing");
        List<String> out = new ArrayList<>(merges.size());
        for (int rank = 0; rank < merges.size(); rank++) {
            JsonNode m = merges.get(rank);
            if (m.isTextual()) {
                out.add(m.asText());
            } else if (m.isArray() && m.size() == 2 && isMergePart(m.get(0)) && isMergePart(m.get(1))) {
                out.add(m.get(0).asText() + " " + m.get(1).asText());
            } else {
                throw new BitNetException(file + ": model.merges[" + rank + "] " + m + " is not a pair of tokens");
            }
        }
        return out;
    }

    /** One side of a [a, b] merge; a space in it could not be told apart from the separator of "a b". */
    private static boolean isMergePart(JsonNode part) {
        return part.isTextual() && !part.asText().isEmpty() && part.asText().indexOf(' ') < 0;
    }
}
