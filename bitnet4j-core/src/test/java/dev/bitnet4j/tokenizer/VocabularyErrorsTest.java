package dev.bitnet4j.tokenizer;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bitnet4j.BitNetException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.function.UnaryOperator;

import static dev.bitnet4j.tokenizer.VocabularyData.*;
import static org.junit.jupiter.api.Assertions.*;

/** Vocabulary data we cannot build a tokenizer from, or a tokenizer.json GGUF cannot hold: one clear error each. */
class VocabularyErrorsTest {
    @TempDir Path dir;
    VocabularyData mini;

    @BeforeEach
    void readMini() {
        mini = VocabularyData.fromTokenizerJson(VocabularyDataTest.mini().added(261, "<s>", true).write(dir, null));
    }

    private static void fails(VocabularyData data, String message) {
        var e = assertThrows(BitNetException.class, () -> Tokenizer.fromVocabulary(data, "m.gguf"));
        assertEquals("m.gguf: " + message, e.getMessage());
    }

    private VocabularyData with(String model, String pre) {
        return new VocabularyData(model, pre, mini.tokens(), mini.tokenTypes(), mini.merges(), mini.bos(), mini.eos(),
                mini.addBos(), mini.addEos(), null);
    }

    private VocabularyData withTokens(UnaryOperator<List<String>> tokens, UnaryOperator<int[]> types) {
        return new VocabularyData(mini.model(), mini.pre(), tokens.apply(new ArrayList<>(mini.tokens())), types.apply(mini.tokenTypes()),
                mini.merges(), mini.bos(), mini.eos(), mini.addBos(), mini.addEos(), null);
    }

    private VocabularyData withSpecials(OptionalInt bos, OptionalInt eos, boolean addBos, boolean addEos) {
        return new VocabularyData(mini.model(), mini.pre(), mini.tokens(), mini.tokenTypes(), mini.merges(), bos, eos,
                addBos, addEos, null);
    }

    private static int[] set(int[] types, int id, int type) {
        types[id] = type;
        return types;
    }

    @Test
    void otherTokenizerModels() {
        fails(with("llama", "llama-bpe"), "unsupported tokenizer.ggml.model 'llama' (supported: gpt2, byte-level BPE)");
        fails(with(null, "llama-bpe"), "tokenizer.ggml.model is missing (supported: gpt2, byte-level BPE)");
    }

    @Test
    void otherPreTokenizers() {
        fails(with("gpt2", "qwen2"), "unsupported tokenizer.ggml.pre 'qwen2' (supported: llama-bpe, llama3, llama-v3)");
        fails(with("gpt2", null), "tokenizer.ggml.pre is missing (supported: llama-bpe, llama3, llama-v3)");
    }

    @Test
    void typesOfAnotherLength() {
        fails(withTokens(t -> t, t -> java.util.Arrays.copyOf(t, 100)),
                "tokenizer.ggml.tokens has 262 entries but tokenizer.ggml.token_type has 100");
    }

    @Test
    void normalTokenThatIsNotByteLevel() {
        // Byte-level text spells a space "Ġ" and has no characters past U+0143.
        fails(withTokens(t -> {
            t.set(260, "a b");
            return t;
        }, t -> t), "tokenizer.ggml.tokens[260] 'a b' is NORMAL but not byte-level BPE text");
        fails(withTokens(t -> {
            t.set(261, "日本");
            return t;
        }, t -> set(t, 261, NORMAL)), "tokenizer.ggml.tokens[261] '日本' is NORMAL but not byte-level BPE text");
    }

    @Test
    void tokenTypesByteLevelBpeDoesNotUse() {
        fails(withTokens(t -> t, t -> set(t, 261, UNKNOWN)),
                "tokenizer.ggml.tokens[261] has type UNKNOWN, which byte-level BPE does not use");
        fails(withTokens(t -> t, t -> set(t, 7, BYTE)), "tokenizer.ggml.tokens[7] has type BYTE, which byte-level BPE does not use");
        fails(withTokens(t -> t, t -> set(t, 7, 0)), "tokenizer.ggml.tokens[7] has unknown token type 0");
    }

    @Test
    void repeatedTokens() {
        fails(withTokens(t -> {
            t.set(260, "he");
            return t;
        }, t -> t), "tokenizer.ggml.tokens[260] 'he' repeats tokenizer.ggml.tokens[256]");
    }

    @Test
    void mergesOfUnknownOrNonNormalTokens() {
        VocabularyData unknown = new VocabularyData("gpt2", "llama-bpe", mini.tokens(), mini.tokenTypes(), List.of("h e", "x yz"),
                OptionalInt.empty(), OptionalInt.empty(), false, false, null);
        fails(unknown, "tokenizer.ggml.merges[1] \"x yz\" uses a token missing from the NORMAL tokens of tokenizer.ggml.tokens");
        VocabularyData control = new VocabularyData("gpt2", "llama-bpe", mini.tokens(), set(mini.tokenTypes(), 256, CONTROL),
                List.of("h e"), OptionalInt.empty(), OptionalInt.empty(), false, false, null);
        fails(control, "tokenizer.ggml.merges[0] \"h e\" uses a token missing from the NORMAL tokens of tokenizer.ggml.tokens");
        VocabularyData malformed = new VocabularyData("gpt2", "llama-bpe", mini.tokens(), mini.tokenTypes(), List.of("he"),
                OptionalInt.empty(), OptionalInt.empty(), false, false, null);
        fails(malformed, "tokenizer.ggml.merges[0] \"he\" is not a pair of tokens");
    }

    @Test
    void missingByteToken() {
        fails(withTokens(t -> t, t -> set(t, 10, UNUSED)), "the NORMAL tokens of tokenizer.ggml.tokens has no byte-level token for byte 10");
    }

    @Test
    void bosAndEosOutOfRange() {
        fails(withSpecials(OptionalInt.of(262), OptionalInt.empty(), true, false),
                "tokenizer.ggml.bos_token_id 262 is not an id of the 262 in tokenizer.ggml.tokens");
        fails(withSpecials(OptionalInt.empty(), OptionalInt.of(-1), false, false),
                "tokenizer.ggml.eos_token_id 4294967295 is not an id of the 262 in tokenizer.ggml.tokens");
    }

    @Test
    void addBosWithoutBosAndAddEos() {
        fails(withSpecials(OptionalInt.empty(), OptionalInt.empty(), true, false),
                "tokenizer.ggml.add_bos_token is true but there is no tokenizer.ggml.bos_token_id");
        fails(withSpecials(OptionalInt.of(261), OptionalInt.of(261), true, true),
                "unsupported tokenizer.ggml.add_eos_token true (EOS after every encoded text)");
    }

    private void jsonFails(MiniTokenizer m, String message) {
        Path file = m.write(dir, null);
        var e = assertThrows(BitNetException.class, () -> VocabularyData.fromTokenizerJson(file));
        assertEquals(file + ": " + message, e.getMessage());
    }

    @Test
    void tokenizerJsonWithoutALlamaCppPreTokenizerName() {
        MiniTokenizer m = VocabularyDataTest.mini();
        m.root.putObject("pre_tokenizer").put("type", "ByteLevel").put("add_prefix_space", false).put("use_regex", true);
        jsonFails(m, "pre_tokenizer has no llama.cpp name we support (supported: Llama 3's split, llama-bpe)");
    }

    @Test
    void tokenizerJsonThatDoesNotIgnoreMerges() {
        jsonFails(new MiniTokenizer(), "model.ignore_merges is false, but llama.cpp's llama-bpe pre-tokenizer always ignores"
                + " merges for a word that is in the vocabulary");
    }

    @Test
    void addedTokenFlagsGgufCannotHold() {
        jsonFails(VocabularyDataTest.mini().added(261, "<s>", true, "lstrip"),
                "added token '<s>' sets lstrip, rstrip or single_word, which GGUF token types cannot hold");
    }

    @Test
    void addedTokenOnAnotherTokensId() {
        jsonFails(VocabularyDataTest.mini().added(260, "<s>", true), "added token '<s>' has id 260, which model.vocab gives to 'ab'");
    }

    @Test
    void tokenizerJsonErrorsOfTheLoaderStillApply() {
        MiniTokenizer m = VocabularyDataTest.mini();
        ((ObjectNode) m.root).putObject("normalizer").put("type", "NFC");
        jsonFails(m, "unsupported normalizer NFC (byte-level BPE tokenizers such as Llama 3's have none)");
    }
}
