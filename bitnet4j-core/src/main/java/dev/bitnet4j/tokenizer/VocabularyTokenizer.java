package dev.bitnet4j.tokenizer;

import dev.bitnet4j.BitNetException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import static dev.bitnet4j.tokenizer.VocabularyData.*;

/**
 * Builds a {@link Tokenizer} from GGUF vocabulary metadata, treating each token type as llama.cpp does:
 * NORMAL tokens are the byte-level BPE vocabulary; CONTROL tokens are special added tokens (matched in
 * text only when special tokens are parsed, skipped by decode's skipSpecial); USER_DEFINED tokens are
 * added tokens matched always; UNUSED tokens are never produced and decode to nothing. GGUF has no
 * lstrip/rstrip/single_word flags, so added tokens match exactly their text.
 */
final class VocabularyTokenizer {
    private VocabularyTokenizer() {}

    private static final String TOKENS = "tokenizer.ggml.tokens";
    /** The BPE vocabulary, as errors name it. */
    private static final String NORMAL_TOKENS = "the NORMAL tokens of " + TOKENS;

    static Tokenizer build(VocabularyData data, String where) {
        if (!MODEL_GPT2.equals(data.model())) {
            throw new BitNetException(where + ": " + (data.model() == null ? "tokenizer.ggml.model is missing"
                    : "unsupported tokenizer.ggml.model '" + data.model() + "'") + " (supported: " + MODEL_GPT2 + ", byte-level BPE)");
        }
        PreTokenizer preTokenizer = PreTokenizer.fromGgufName(where, data.pre());
        List<String> tokens = data.tokens();
        if (data.tokenTypes().length != tokens.size()) {
            throw new BitNetException(where + ": " + TOKENS + " has " + tokens.size() + " entries but tokenizer.ggml.token_type has "
                    + data.tokenTypes().length);
        }
        Map<String, Integer> vocab = HashMap.newHashMap(tokens.size());
        Map<String, Integer> addedIds = new HashMap<>();
        List<AddedTokens.Token> added = new ArrayList<>();
        for (int id = 0; id < tokens.size(); id++) {
            String token = tokens.get(id);
            switch (data.tokenType(id)) {
                case NORMAL -> {
                    if (ByteLevel.decode(token) == null) {
                        throw new BitNetException(where + ": " + TOKENS + "[" + id + "] '" + token
                                + "' is NORMAL but not byte-level BPE text");
                    }
                    putUnique(where, vocab, token, id);
                }
                case CONTROL, USER_DEFINED -> {
                    putUnique(where, addedIds, token, id);
                    added.add(new AddedTokens.Token(id, token, data.tokenType(id) == CONTROL, false, false, false));
                }
                case UNUSED -> { }     // a placeholder ("[PAD<id>]"): not matched, not produced, decodes to nothing
                case UNKNOWN, BYTE -> throw new BitNetException(where + ": " + TOKENS + "[" + id + "] has type "
                        + (data.tokenType(id) == UNKNOWN ? "UNKNOWN" : "BYTE") + ", which byte-level BPE does not use");
                default -> throw new BitNetException(where + ": " + TOKENS + "[" + id + "] has unknown token type " + data.tokenType(id));
            }
        }
        MergeTable merges = TokenizerParts.mergeTable(where, "tokenizer.ggml.merges", data.merges(), vocab, NORMAL_TOKENS);
        // llama.cpp's Llama 3 pre-type ignores merges for a pre-token that is itself a vocabulary entry, as Llama 3's tokenizer.json does.
        TokenizerParts parts = new TokenizerParts(where, NORMAL_TOKENS, tokens.size(), vocab, added, merges, true, preTokenizer);
        return parts.build(specialTokens(data, where));
    }

    private static SpecialTokens specialTokens(VocabularyData data, String where) {
        checkId(where, "tokenizer.ggml.bos_token_id", data.bos(), data.size());
        checkId(where, "tokenizer.ggml.eos_token_id", data.eos(), data.size());
        if (data.addBos() && data.bos().isEmpty()) {
            throw new BitNetException(where + ": tokenizer.ggml.add_bos_token is true but there is no tokenizer.ggml.bos_token_id");
        }
        if (data.addEos()) {
            // llama.cpp would then end every encoded text with EOS; our encodes never do, so the ids would differ.
            throw new BitNetException(where + ": unsupported tokenizer.ggml.add_eos_token true (EOS after every encoded text)");
        }
        List<Integer> eos = data.eos().isPresent() ? List.of(data.eos().getAsInt()) : List.of();
        return new SpecialTokens(data.bos(), eos, data.addBos(), where);
    }

    private static void checkId(String where, String key, OptionalInt id, int size) {
        if (id.isPresent() && (id.getAsInt() < 0 || id.getAsInt() >= size)) {
            throw new BitNetException(where + ": " + key + " " + Integer.toUnsignedString(id.getAsInt()) + " is not an id of the "
                    + size + " in " + TOKENS);
        }
    }

    /** Two ids with one string would leave one of them unreachable by its text. */
    private static void putUnique(String where, Map<String, Integer> ids, String token, int id) {
        Integer first = ids.putIfAbsent(token, id);
        if (first != null) {
            throw new BitNetException(where + ": " + TOKENS + "[" + id + "] '" + token + "' repeats " + TOKENS + "[" + first + "]");
        }
    }
}
