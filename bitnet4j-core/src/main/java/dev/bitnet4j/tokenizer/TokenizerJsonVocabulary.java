package dev.bitnet4j.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bitnet4j.BitNetException;
import dev.bitnet4j.chat.ChatTemplate;
import dev.bitnet4j.format.Json;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

import static dev.bitnet4j.tokenizer.VocabularyData.*;

/**
 * The GGUF vocabulary metadata llama.cpp's convert_hf_to_gguf.py writes for a byte-level BPE
 * tokenizer.json ({@code _set_vocab_gpt2}: {@code get_vocab_base} for tokens and types, gguf-py's
 * {@code SpecialVocab} for merges, BOS/EOS and the chat template). What GGUF cannot hold is refused,
 * so the tokenizer built back from the data gives the ids the tokenizer.json gives.
 */
final class TokenizerJsonVocabulary {
    private TokenizerJsonVocabulary() {}

    static VocabularyData read(Path file) {
        TokenizerLoader.Contents json = TokenizerLoader.read(file);
        String pre = preName(file, json);
        Tokenizer tokenizer = json.tokenizer();
        List<String> tokens = new ArrayList<>(tokenizer.size());
        int[] types = new int[tokenizer.size()];
        for (int id = 0; id < types.length; id++) tokens.add(null);
        json.vocab().forEach((token, id) -> {
            tokens.set(id, token);
            types[id] = NORMAL;
        });
        for (AddedTokens.Token t : json.added()) {
            if (t.lstrip() || t.rstrip() || t.singleWord()) {
                throw new BitNetException(file + ": added token '" + t.content() + "' sets lstrip, rstrip or single_word,"
                        + " which GGUF token types cannot hold");
            }
            if (tokens.get(t.id()) != null && !tokens.get(t.id()).equals(t.content())) {
                throw new BitNetException(file + ": added token '" + t.content() + "' has id " + t.id()
                        + ", which model.vocab gives to '" + tokens.get(t.id()) + "'");
            }
            boolean control = t.special() || looksSpecial(t.content());
            // The converter writes user-defined tokens pre-normalized, "▁" (SentencePiece's space) as a space.
            tokens.set(t.id(), control ? t.content() : t.content().replace('\u2581', ' '));
            types[t.id()] = control ? CONTROL : USER_DEFINED;
        }
        for (int id = 0; id < types.length; id++) {
            if (tokens.get(id) == null) {
                tokens.set(id, padToken(id));
                types[id] = UNUSED;
            }
        }
        OptionalInt eos = tokenizer.eosIds().isEmpty() ? OptionalInt.empty() : OptionalInt.of(tokenizer.eosIds().getFirst());
        return new VocabularyData(MODEL_GPT2, pre, tokens, types, json.merges(), tokenizer.bosId(), eos,
                tokenizer.addBosByDefault(), addEos(file), chatTemplate(file));
    }

    /**
     * The llama.cpp name of the pre-tokenizer. llama.cpp's Llama 3 pre-type also always ignores merges,
     * as Llama 3's tokenizer.json says it does; a tokenizer.json that does not would give other ids.
     */
    private static String preName(Path file, TokenizerLoader.Contents json) {
        if (!(json.preTokenizer() instanceof Llama3PreTokenizer)) {
            throw new BitNetException(file + ": pre_tokenizer has no llama.cpp name we support (supported: Llama 3's split, "
                    + LLAMA3_PRE_NAMES.getFirst() + ")");
        }
        if (!json.ignoreMerges()) {
            throw new BitNetException(file + ": model.ignore_merges is false, but llama.cpp's " + LLAMA3_PRE_NAMES.getFirst()
                    + " pre-tokenizer always ignores merges for a word that is in the vocabulary");
        }
        return LLAMA3_PRE_NAMES.getFirst();
    }

    /**
     * The converter's does_token_look_special: added tokens some models fail to mark special, which it
     * makes CONTROL all the same.
     */
    private static boolean looksSpecial(String token) {
        return List.of("<pad>", "<mask>", "<2mass>", "[@BOS@]").contains(token)
                || token.startsWith("<|") && token.endsWith("|>")
                || token.startsWith("<\uFF5C") && token.endsWith("\uFF5C>")      // fullwidth bars (DeepSeek)
                || token.startsWith("<unused") && token.endsWith(">");
    }

    /** add_eos_token of tokenizer_config.json, when it is a boolean, as gguf-py reads it. */
    private static boolean addEos(Path file) {
        Path config = file.resolveSibling(SpecialTokens.CONFIG_FILE);
        if (!Files.exists(config)) return false;
        JsonNode addEos = Json.read(config).path("add_eos_token");
        return addEos.isBoolean() && addEos.asBoolean();
    }

    /** The folder's own template, found as chats find it; null when it has none (not the built-in fallback). */
    private static String chatTemplate(Path file) {
        ChatTemplate template = ChatTemplate.find(file.toAbsolutePath().getParent());
        return template.isFallback() ? null : template.source();
    }
}
