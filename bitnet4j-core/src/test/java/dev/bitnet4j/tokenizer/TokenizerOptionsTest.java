package dev.bitnet4j.tokenizer;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bitnet4j.BitNetException;
import dev.bitnet4j.format.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.*;

/** tokenizer.json settings the Llama 3 file does not exercise, on the small MiniTokenizer vocabulary. */
class TokenizerOptionsTest {
    @TempDir Path dir;

    static int b(char c) {
        return c;    // in MiniTokenizer, ASCII byte c has id c
    }

    @Test
    void mergesByRankLeftmostFirst() {
        Tokenizer t = new MiniTokenizer().load(dir);
        assertArrayEquals(new int[] {259}, t.encode("hello", true));
        assertArrayEquals(new int[] {258, b('!')}, t.encode("hell!", true));
        assertArrayEquals(new int[] {257, b('l')}, t.encode("lll", true));      // (ll)l, not l(ll)
        assertArrayEquals(new int[] {b('a'), b('b')}, t.encode("ab", true));    // no merge makes "ab"
    }

    @Test
    void mergesAsArrays() {
        MiniTokenizer m = new MiniTokenizer();
        var merges = m.model.putArray("merges");
        for (String pair : List.of("h e", "l l", "he ll", "hell o")) merges.addArray().add(pair.split(" ")[0]).add(pair.split(" ")[1]);
        assertArrayEquals(new int[] {259}, m.load(dir).encode("hello", true));
    }

    @Test
    void ignoreMergesTakesWholeVocabularyWords() {
        MiniTokenizer m = new MiniTokenizer();
        m.model.put("ignore_merges", true);
        assertArrayEquals(new int[] {260}, m.load(dir).encode("ab", true));
    }

    @Test
    void addedTokensLongestFirstAndStripping() {
        Tokenizer t = new MiniTokenizer()
                .added(300, "<s>", true).added(301, "<s>x", true)
                .added(302, "<mask>", true, "lstrip").added(303, "[R]", false, "rstrip")
                .added(304, "word", false, "single_word").load(dir);
        assertArrayEquals(new int[] {301, 300}, t.encode("<s>x<s>", true));
        assertArrayEquals(new int[] {b('a'), 302, b('b')}, t.encode("a \t<mask>b", true));   // the spaces go with <mask>
        assertArrayEquals(new int[] {303, b('x')}, t.encode("[R]  \nx", true));
        assertArrayEquals(new int[] {b('a'), b(' '), 304, b(' '), b('b')}, t.encode("a word b", true));
        assertFalse(contains(t.encode("swordfish", true), 304), "single_word: not inside a word");
        assertFalse(contains(t.encode("word_", true), 304), "'_' is a word character");
        // Special tokens become text without parseSpecial; other added tokens still match (as in Hugging Face).
        assertFalse(contains(t.encode("<s>x", false), 301));
        assertTrue(contains(t.encode("[R] x", false), 303));
    }

    @Test
    void gpt2ByteLevelPreTokenizer() {
        MiniTokenizer m = new MiniTokenizer();
        m.root.putObject("pre_tokenizer").put("type", "ByteLevel").put("add_prefix_space", false)
                .put("trim_offsets", true).put("use_regex", true);
        Tokenizer t = m.load(dir);
        // GPT-2 keeps the space with a number and does not split it into threes; Llama 3 does both.
        assertArrayEquals(new int[] {b(' '), b('1'), b('2'), b('3'), b('4')}, t.encode(" 1234", true));
        assertEquals(" 1234", t.decode(t.encode(" 1234", true), false));
    }

    @Test
    void bosAndEosFromConfig() {
        ObjectNode config = Json.MAPPER.createObjectNode();
        config.putObject("bos_token").put("content", "<s>");
        config.put("eos_token", "</s>").put("add_bos_token", true);
        Tokenizer t = Tokenizer.load(new MiniTokenizer().added(300, "<s>", true).added(301, "</s>", true).write(dir, config));
        assertEquals(OptionalInt.of(300), t.bosId());
        assertEquals(List.of(301), t.eosIds());
        assertTrue(t.addBosByDefault());
        assertArrayEquals(new int[] {300, 259}, t.encodeWithBos("hello", true));
    }

    @Test
    void bosFromTemplateWithoutConfig() {
        MiniTokenizer m = new MiniTokenizer().added(300, "<s>", true);
        ObjectNode template = m.root.putObject("post_processor").put("type", "TemplateProcessing");
        template.putArray("single").add(Json.MAPPER.createObjectNode().set("SpecialToken",
                Json.MAPPER.createObjectNode().put("id", "<s>").put("type_id", 0)))
                .add(Json.MAPPER.createObjectNode().set("Sequence", Json.MAPPER.createObjectNode().put("id", "A")));
        template.putObject("special_tokens").putObject("<s>").put("id", "<s>").putArray("ids").add(300);
        Tokenizer t = m.load(dir);
        assertEquals(OptionalInt.of(300), t.bosId());
        assertTrue(t.addBosByDefault());
        assertEquals(List.of(), t.eosIds());
    }

    @Test
    void noBosAnywhere() {
        Tokenizer t = new MiniTokenizer().load(dir);
        assertEquals(OptionalInt.empty(), t.bosId());
        assertFalse(t.addBosByDefault());
        var e = assertThrows(BitNetException.class, () -> t.encodeWithBos("hello", true));
        assertTrue(e.getMessage().contains("names no BOS token"), e.getMessage());
    }

    private static boolean contains(int[] ids, int id) {
        for (int i : ids) if (i == id) return true;
        return false;
    }
}
