package dev.bitnet4j.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bitnet4j.BitNetException;
import dev.bitnet4j.Fixtures;
import dev.bitnet4j.ModelAssets;
import dev.bitnet4j.chat.ChatMessage;
import dev.bitnet4j.chat.ChatTemplate;
import dev.bitnet4j.format.Json;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import static dev.bitnet4j.tokenizer.VocabularyData.*;
import static org.junit.jupiter.api.Assertions.*;

/** GGUF vocabulary data written back as a Hugging Face tokenizer folder, and read again. */
class TokenizerJsonWriterTest {
    @TempDir Path dir;
    /** The fixture written once (7.5 MB of tokenizer.json) for the tests that read it. */
    @TempDir static Path llama3;

    @BeforeAll
    static void writeLlama3() {
        TokenizerJsonWriter.write(Llama3Fixture.data(), "llama3.gguf", llama3);
    }

    @Test
    void llama3WrittenAndLoadedPassesEveryFixtureCase() throws IOException {
        Tokenizer t = Tokenizer.load(llama3.resolve(Tokenizer.FILE));
        assertEquals(List.of(), Llama3Fixture.mismatches(t));
        // Read back as the converter would, the folder gives the data it was written from.
        assertEquals(Llama3Fixture.data(), VocabularyData.fromTokenizerJson(llama3.resolve(Tokenizer.FILE)));
        JsonNode config = Json.read(llama3.resolve(SpecialTokens.CONFIG_FILE));
        assertEquals("<|begin_of_text|>", config.get("bos_token").asText());
        assertEquals("<|eot_id|>", config.get("eos_token").asText());
        assertFalse(config.has("add_bos_token"), "the post-processor adds BOS, as in Llama 3's own files");
    }

    @Test
    void llama3ChatTemplateFoundAndRenderedAsTheOriginal() throws IOException {
        ChatTemplate written = ChatTemplate.find(llama3);
        ChatTemplate original = ChatTemplate.find(Llama3Fixture.TOKENIZER_JSON.getParent());
        // What a GGUF file of the same data gives with no tokenizer folder beside it: its tokenizer.chat_template and BOS/EOS text.
        Path gguf = Llama3Fixture.writeGguf(dir.resolve("llama3.gguf"));
        ChatTemplate fromGguf = ModelAssets.chatTemplate(gguf);
        assertFalse(written.isFallback());
        for (ChatTemplate t : List.of(written, fromGguf)) {
            assertEquals(original.source(), t.source());
            assertEquals(original.bosToken(), t.bosToken());
            assertEquals(original.eosToken(), t.eosToken());
        }
        assertEquals(gguf + " (tokenizer.chat_template)", fromGguf.origin());
        Tokenizer t = Tokenizer.load(llama3.resolve(Tokenizer.FILE));
        for (JsonNode c : DecodeCasesTest.cases("chat-cases.jsonl")) {
            List<ChatMessage> messages = new ArrayList<>();
            for (JsonNode m : c.get("messages")) messages.add(new ChatMessage(m.get("role").asText(), m.get("content").asText()));
            boolean prompt = c.get("add_generation_prompt").asBoolean();
            String rendered = written.render(messages, prompt, Map.of());
            assertEquals(c.get("rendered").asText(), rendered, c.get("name").asText());
            assertEquals(rendered, fromGguf.render(messages, prompt, Map.of()), c.get("name").asText());
            assertArrayEquals(Fixtures.ints(c.get("ids")), t.withBos(t.encode(rendered, true)), c.get("name").asText());
        }
    }

    @Test
    void withoutBosAddedTheConfigSaysSo() {
        VocabularyData d = VocabularyData.fromTokenizerJson(VocabularyDataTest.mini().added(261, "<s>", true)
                .added(262, "<user>", false).write(dir.resolve("in"), null));
        VocabularyData noBos = new VocabularyData(d.model(), d.pre(), d.tokens(), d.tokenTypes(), d.merges(),
                OptionalInt.of(261), OptionalInt.empty(), false, false, null);
        Path out = dir.resolve("out");
        TokenizerJsonWriter.write(noBos, "mini.gguf", out);
        assertFalse(Json.read(out.resolve(SpecialTokens.CONFIG_FILE)).get("add_bos_token").asBoolean(true));
        Tokenizer t = Tokenizer.load(out.resolve(Tokenizer.FILE));
        assertEquals(OptionalInt.of(261), t.bosId());
        assertFalse(t.addBosByDefault());
        assertArrayEquals(new int[] {259, 262}, t.encodePrompt("hello<user>"));
        assertEquals(noBos, VocabularyData.fromTokenizerJson(out.resolve(Tokenizer.FILE)));
        assertTrue(ChatTemplate.find(out).isFallback(), "no template written, none found");
    }

    @Test
    void withBosAddedTheTemplateAddsIt() {
        VocabularyData d = VocabularyData.fromTokenizerJson(VocabularyDataTest.mini().added(261, "<s>", true)
                .write(dir.resolve("in"), null));
        VocabularyData withBos = new VocabularyData(d.model(), d.pre(), d.tokens(), d.tokenTypes(), d.merges(),
                OptionalInt.of(261), OptionalInt.of(261), true, false, "{{ bos_token }}{{ messages[0]['content'] }}");
        TokenizerJsonWriter.write(withBos, "mini.gguf", dir.resolve("out"));
        Tokenizer t = Tokenizer.load(dir.resolve("out").resolve(Tokenizer.FILE));
        assertArrayEquals(new int[] {261, 259}, t.encodePrompt("hello"));
        assertEquals(withBos, VocabularyData.fromTokenizerJson(dir.resolve("out").resolve(Tokenizer.FILE)));
        assertEquals("<s>hi", ChatTemplate.find(dir.resolve("out")).render(List.of(new ChatMessage("user", "hi")), false));
    }

    @Test
    void unusedTokensAreLeftOut() {
        VocabularyData d = VocabularyData.fromTokenizerJson(VocabularyDataTest.mini().added(262, "<s>", true)
                        .write(dir.resolve("in"), null))
                .withVocabSize(265);
        assertEquals(UNUSED, d.tokenTypes()[261]);
        TokenizerJsonWriter.write(d, "mini.gguf", dir.resolve("out"));
        VocabularyData back = VocabularyData.fromTokenizerJson(dir.resolve("out").resolve(Tokenizer.FILE));
        assertEquals(263, back.size(), "a tokenizer.json has no entries for trailing padding");
        assertEquals(d, back.withVocabSize(265));
    }

    @Test
    void refusesWhatItCouldNotLoadBack() {
        VocabularyData d = VocabularyData.fromTokenizerJson(VocabularyDataTest.mini().write(dir.resolve("in"), null)).withVocabSize(262);
        VocabularyData otherPre = new VocabularyData(d.model(), "gpt-2", d.tokens(), d.tokenTypes(), d.merges(),
                OptionalInt.empty(), OptionalInt.empty(), false, false, null);
        var e = assertThrows(BitNetException.class, () -> TokenizerJsonWriter.write(otherPre, "mini.gguf", dir.resolve("out")));
        assertEquals("mini.gguf: unsupported tokenizer.ggml.pre 'gpt-2' (supported: llama-bpe, llama3, llama-v3)", e.getMessage());
        VocabularyData unusedEos = new VocabularyData(d.model(), d.pre(), d.tokens(), d.tokenTypes(), d.merges(),
                OptionalInt.empty(), OptionalInt.of(261), false, false, null);
        e = assertThrows(BitNetException.class, () -> TokenizerJsonWriter.write(unusedEos, "mini.gguf", dir.resolve("out")));
        assertEquals("mini.gguf: tokenizer.ggml.eos_token_id 261 is an UNUSED token, which tokenizer.json cannot hold", e.getMessage());
        assertFalse(Files.exists(dir.resolve("out")));
    }

    @Test
    void refusesToLeaveAnotherTemplateBeside() throws IOException {
        VocabularyData d = VocabularyData.fromTokenizerJson(VocabularyDataTest.mini().write(dir.resolve("in"), null));
        Path stale = Files.writeString(Files.createDirectories(dir.resolve("out")).resolve(ChatTemplate.TEMPLATE_FILE), "{{ 'x' }}");
        var e = assertThrows(BitNetException.class, () -> TokenizerJsonWriter.write(d, "mini.gguf", dir.resolve("out")));
        assertEquals(stale + ": would be taken as the template of the tokenizer written from mini.gguf, which has none;"
                + " remove it or write elsewhere", e.getMessage());
    }
}
