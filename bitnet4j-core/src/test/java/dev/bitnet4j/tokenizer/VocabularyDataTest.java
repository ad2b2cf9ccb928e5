package dev.bitnet4j.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bitnet4j.BitNetException;
import dev.bitnet4j.Fixtures;
import dev.bitnet4j.format.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;

import static dev.bitnet4j.tokenizer.VocabularyData.*;
import static org.junit.jupiter.api.Assertions.*;

/** What VocabularyData.fromTokenizerJson makes of a tokenizer.json: llama.cpp's converter's tokens, types and keys. */
class VocabularyDataTest {
    @TempDir Path dir;

    @Test
    void llama3TokensAndTypesAsTheConverterWritesThem() {
        VocabularyData data = Llama3Fixture.data();
        assertEquals("gpt2", data.model());
        assertEquals("llama-bpe", data.pre());
        assertEquals(128_256, data.size());
        int[] types = data.tokenTypes();
        assertEquals(128_000, Arrays.stream(types).filter(t -> t == NORMAL).count());
        assertEquals(256, Arrays.stream(types).filter(t -> t == CONTROL).count());
        assertEquals("<|begin_of_text|>", data.tokens().get(128_000));
        assertEquals(CONTROL, types[128_000]);
        assertEquals("<|eot_id|>", data.tokens().get(128_009));
        assertEquals(CONTROL, types[128_009]);
        assertEquals("<|reserved_special_token_250|>", data.tokens().get(128_255));
        assertEquals(CONTROL, types[128_255]);
        assertEquals("Ġthe", data.tokens().get(279));
        assertEquals(NORMAL, types[279]);
        assertEquals("!", data.tokens().get(0));
        assertEquals(NORMAL, types[0]);
    }

    @Test
    void llama3MergesAndSpecialKeys() throws IOException {
        VocabularyData data = Llama3Fixture.data();
        JsonNode merges = Json.read(Llama3Fixture.TOKENIZER_JSON).path("model").path("merges");
        assertEquals(280_147, data.merges().size());
        assertEquals("Ġ Ġ", data.merges().getFirst());
        assertEquals(merges.get(merges.size() - 1).asText(), data.merges().getLast());
        assertEquals(OptionalInt.of(128_000), data.bos());
        assertEquals(OptionalInt.of(128_009), data.eos());
        assertTrue(data.addBos(), "Llama 3's post-processor adds BOS; tokenizer_config.json has no add_bos_token");
        assertFalse(data.addEos());
        assertEquals(Files.readString(Fixtures.resource("fixtures/tokenizer/chat_template.jinja")), data.chatTemplate());
    }

    @Test
    void paddedToTheModelsVocabSize() {
        VocabularyData data = Llama3Fixture.data();
        assertSame(data, data.withVocabSize(128_256));
        VocabularyData padded = data.withVocabSize(128_258);
        assertEquals(128_258, padded.size());
        assertEquals(List.of("[PAD128256]", "[PAD128257]"), padded.tokens().subList(128_256, 128_258));
        assertArrayEquals(new int[] {UNUSED, UNUSED}, Arrays.copyOfRange(padded.tokenTypes(), 128_256, 128_258));
        assertEquals(data.tokens(), padded.tokens().subList(0, 128_256));
        var e = assertThrows(BitNetException.class, () -> data.withVocabSize(1000));
        assertEquals("the model's vocab_size 1000 is smaller than the tokenizer's 128256 ids", e.getMessage());
    }

    @Test
    void addedTokensMissingIdsAndLookalikes() {
        MiniTokenizer m = mini();
        m.added(262, "<sep>", true).added(263, "<user>", false).added(264, "<|tool|>", false).added(265, "a\u2581b", false);
        VocabularyData data = VocabularyData.fromTokenizerJson(m.write(dir, null));
        assertEquals(266, data.size());
        assertEquals(List.of("ab", "[PAD261]", "<sep>", "<user>", "<|tool|>", "a b"), data.tokens().subList(260, 266));
        // "<|tool|>" is not special in tokenizer.json but looks it; the converter makes it CONTROL.
        assertArrayEquals(new int[] {NORMAL, UNUSED, CONTROL, USER_DEFINED, CONTROL, USER_DEFINED},
                Arrays.copyOfRange(data.tokenTypes(), 260, 266));
        assertEquals(List.of("h e", "l l", "he ll", "hell o"), data.merges());
        assertEquals(OptionalInt.empty(), data.bos());
        assertFalse(data.addBos());
        assertNull(data.chatTemplate());
    }

    @Test
    void mergesGivenAsPairsBecomeStrings() {
        MiniTokenizer m = mini();
        m.model.putArray("merges").add(Json.MAPPER.createArrayNode().add("h").add("e"));
        assertEquals(List.of("h e"), VocabularyData.fromTokenizerJson(m.write(dir, null)).merges());
    }

    @Test
    void addBosByDefaultForLlama3Names() {
        assertTrue(VocabularyData.defaultAddBos("llama-bpe"));
        assertTrue(VocabularyData.defaultAddBos("llama3"));
        assertTrue(VocabularyData.defaultAddBos("llama-v3"));
        assertFalse(VocabularyData.defaultAddBos("gpt-2"));
        assertFalse(VocabularyData.defaultAddBos(null));
    }

    @Test
    void equalityByContentAndAShortSummary() {
        VocabularyData a = Llama3Fixture.data();
        VocabularyData b = new VocabularyData(a.model(), a.pre(), a.tokens(), a.tokenTypes(), a.merges(), a.bos(), a.eos(),
                a.addBos(), a.addEos(), a.chatTemplate());
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertNotEquals(a, a.withVocabSize(128_257));
        assertEquals("VocabularyData[model=gpt2, pre=llama-bpe, 128256 tokens, 280147 merges, bos=OptionalInt[128000],"
                + " eos=OptionalInt[128009], addBos=true, addEos=false, chatTemplate=250 chars]", a.toString());
    }

    @Test
    void tokenTypesAreCopied() {
        int[] types = new int[] {NORMAL};
        VocabularyData data = new VocabularyData("gpt2", "llama-bpe", List.of("a"), types, List.of(), OptionalInt.empty(),
                OptionalInt.empty(), false, false, null);
        types[0] = CONTROL;
        data.tokenTypes()[0] = CONTROL;
        assertEquals(NORMAL, data.tokenTypes()[0]);
    }

    /** MiniTokenizer as llama.cpp's llama-bpe reads it: merges ignored for whole-vocabulary words. */
    static MiniTokenizer mini() {
        MiniTokenizer m = new MiniTokenizer();
        m.model.put("ignore_merges", true);
        return m;
    }
}
