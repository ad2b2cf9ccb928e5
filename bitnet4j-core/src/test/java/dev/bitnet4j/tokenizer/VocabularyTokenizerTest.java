package dev.bitnet4j.tokenizer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;

import static dev.bitnet4j.tokenizer.VocabularyData.*;
import static org.junit.jupiter.api.Assertions.*;

/** Tokenizer.fromVocabulary: the ids of the same tokenizer read from tokenizer.json, token type by token type. */
class VocabularyTokenizerTest {
    @TempDir Path dir;

    @Test
    void llama3FromVocabularyDataPassesEveryFixtureCase() throws IOException {
        Tokenizer t = Tokenizer.fromVocabulary(Llama3Fixture.data(), "llama3.gguf");
        assertEquals(List.of(), Llama3Fixture.mismatches(t));
        assertEquals(OptionalInt.of(128_009), t.tokenId("<|eot_id|>"));
        assertEquals(OptionalInt.of(279), t.tokenId("Ġthe"));
    }

    @Test
    void llama3AliasesOfThePreTokenizerName() throws IOException {
        VocabularyData d = Llama3Fixture.data();
        for (String pre : List.of("llama3", "llama-v3")) {
            Tokenizer t = Tokenizer.fromVocabulary(new VocabularyData(d.model(), pre, d.tokens(), d.tokenTypes(), d.merges(),
                    d.bos(), d.eos(), d.addBos(), d.addEos(), d.chatTemplate()), "x.gguf");
            assertArrayEquals(new int[] {128_000, 9906, 1917, 0, 128_009}, t.encodeWithBos("Hello world!<|eot_id|>", true), pre);
        }
    }

    @Test
    void userDefinedTokensMatchEvenWhenSpecialsAreText() {
        MiniTokenizer m = VocabularyDataTest.mini().added(261, "<sep>", true).added(262, "<user>", false);
        Tokenizer json = Tokenizer.load(m.write(dir, null));
        Tokenizer gguf = Tokenizer.fromVocabulary(VocabularyData.fromTokenizerJson(m.write(dir, null)), "mini.gguf");
        for (Tokenizer t : List.of(json, gguf)) {
            assertArrayEquals(new int[] {259, 261, 262, 260}, t.encode("hello<sep><user>ab", true));
            assertArrayEquals(new int[] {259, '<', 's', 'e', 'p', '>', 262, 260}, t.encode("hello<sep><user>ab", false));
            assertEquals("hello<user>", t.decode(new int[] {259, 261, 262}, true));
            assertTrue(t.isSpecial(261));
            assertFalse(t.isSpecial(262));
        }
    }

    @Test
    void unusedTokensAreNeverProducedAndDecodeToNothing() {
        VocabularyData data = VocabularyData.fromTokenizerJson(VocabularyDataTest.mini().write(dir, null)).withVocabSize(264);
        Tokenizer t = Tokenizer.fromVocabulary(data, "mini.gguf");
        assertEquals(264, t.size());
        assertEquals(UNUSED, data.tokenTypes()[262]);
        assertArrayEquals(new int[] {'[', 'P', 'A', 'D', '2', '6', '2', ']'}, t.encode("[PAD262]", true));
        assertEquals("", t.decode(new int[] {262, 263}, false));
        assertEquals(OptionalInt.empty(), t.tokenId("[PAD262]"));
    }

    @Test
    void ignoresMergesForWholeVocabularyWordsAsLlamaCppDoes() {
        // "ab" is in the vocabulary but no merge makes it: llama-bpe takes the word whole, as ignore_merges does.
        VocabularyData data = VocabularyData.fromTokenizerJson(VocabularyDataTest.mini().write(dir, null));
        assertArrayEquals(new int[] {260, ' ', 259}, Tokenizer.fromVocabulary(data, "mini.gguf").encode("ab hello", true));
        assertArrayEquals(new int[] {'a', 'b', ' ', 259}, new MiniTokenizer().load(dir).encode("ab hello", true));
    }

    @Test
    void bosAndEosFromTheData() {
        VocabularyData d = VocabularyData.fromTokenizerJson(VocabularyDataTest.mini().added(261, "<s>", true)
                .added(262, "</s>", true).write(dir, null));
        Tokenizer t = Tokenizer.fromVocabulary(new VocabularyData(d.model(), d.pre(), d.tokens(), d.tokenTypes(), d.merges(),
                OptionalInt.of(261), OptionalInt.of(262), true, false, null), "mini.gguf");
        assertEquals(OptionalInt.of(261), t.bosId());
        assertEquals(List.of(262), t.eosIds());
        assertArrayEquals(new int[] {261, 259}, t.encodePrompt("hello"));
        Tokenizer noBos = Tokenizer.fromVocabulary(d, "mini.gguf");
        assertArrayEquals(new int[] {259}, noBos.encodePrompt("hello"));
        var e = assertThrows(dev.bitnet4j.BitNetException.class, () -> noBos.encodeWithBos("hello", true));
        assertEquals("mini.gguf names no BOS token", e.getMessage());
    }
}
