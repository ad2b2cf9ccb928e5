package dev.bitnet4j.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bitnet4j.ModelAssets;
import dev.bitnet4j.chat.ChatMessage;
import dev.bitnet4j.chat.ChatTemplate;
import dev.bitnet4j.format.gguf.GgufFile;
import dev.bitnet4j.format.gguf.GgufValue;
import dev.bitnet4j.format.gguf.GgufVocabulary;
import dev.bitnet4j.format.gguf.GgufWriter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The tokenizer and chat template stored in GGUF metadata (tokenizer.ggml.*, as llama.cpp's converter writes
 * them): read back from a real GGUF file they give the same ids as tokenizer.json, and a tokenizer.json beside
 * the file wins over them.
 */
class GgufTokenizerTest {
    @TempDir
    static Path dir;
    static Path gguf;

    @BeforeAll
    static void writeLlama3Gguf() {
        gguf = Llama3Fixture.writeGguf(dir.resolve("llama3.gguf"));
    }

    @Test
    void metadataRoundTripsTheVocabulary() {
        try (GgufFile f = GgufFile.open(gguf)) {
            assertEquals(Optional.of(Llama3Fixture.data()), GgufVocabulary.read(f));
        }
    }

    @Test
    void tokenizerFromGgufMetadataGivesTheFixtureIds() throws IOException {
        Tokenizer t = ModelAssets.tokenizer(gguf).orElseThrow();
        assertEquals(List.of(), Llama3Fixture.mismatches(t));
    }

    @Test
    void chatTemplateFromGgufMetadataRendersAsTheOriginal() throws IOException {
        ChatTemplate fromGguf = ModelAssets.chatTemplate(gguf);
        ChatTemplate original = ChatTemplate.find(Llama3Fixture.TOKENIZER_JSON.getParent());
        assertFalse(fromGguf.isFallback());
        assertEquals(original.source(), fromGguf.source());
        assertEquals(original.bosToken(), fromGguf.bosToken());
        assertEquals(original.eosToken(), fromGguf.eosToken());
        for (JsonNode c : DecodeCasesTest.cases("chat-cases.jsonl")) {
            List<ChatMessage> messages = new ArrayList<>();
            for (JsonNode m : c.get("messages")) messages.add(new ChatMessage(m.get("role").asText(), m.get("content").asText()));
            assertEquals(c.get("rendered").asText(), fromGguf.render(messages, c.get("add_generation_prompt").asBoolean(), Map.of()));
        }
    }

    @Test
    void noVocabMeansNoTokenizerAndTheBuiltInTemplate() {
        Path f = dir.resolve("novocab.gguf");
        GgufWriter w = new GgufWriter().put("general.architecture", GgufValue.string("bitnet-b1.58"));
        GgufVocabulary.write(Optional.empty(), w);
        w.write(f);
        assertTrue(ModelAssets.tokenizer(f).isEmpty());
        assertTrue(ModelAssets.chatTemplate(f).isFallback());
    }

    @Test
    void tokenizerJsonBesideTheFileWins() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("beside"));
        Path f = folder.resolve("m.gguf");
        GgufWriter w = new GgufWriter().put("general.architecture", GgufValue.string("bitnet-b1.58"));
        GgufVocabulary.write(Optional.empty(), w);
        w.write(f);
        Files.copy(Llama3Fixture.TOKENIZER_JSON, folder.resolve(Tokenizer.FILE));
        assertEquals(Optional.of(folder), ModelAssets.tokenizerFolder(f).map(Path::toAbsolutePath));
        assertEquals(128256, ModelAssets.tokenizer(f).orElseThrow().size());
    }
}
