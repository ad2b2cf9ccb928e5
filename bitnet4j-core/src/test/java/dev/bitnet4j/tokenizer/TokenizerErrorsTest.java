package dev.bitnet4j.tokenizer;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bitnet4j.BitNetException;
import dev.bitnet4j.Fixtures;
import dev.bitnet4j.format.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.*;

/** Bad tokenizer files fail with a BitNetException naming the file and what is wrong with it. */
class TokenizerErrorsTest {
    @TempDir Path dir;

    private void fails(Path file, String problem) {
        var e = assertThrows(BitNetException.class, () -> Tokenizer.load(file));
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains(problem), e.getMessage());
    }

    @Test
    void missingFile() {
        fails(dir.resolve(Tokenizer.FILE), "file not found");
    }

    @Test
    void truncatedFile() throws IOException {
        byte[] full = Files.readAllBytes(Fixtures.resource("fixtures/tokenizer/tokenizer.json"));
        Path file = Files.write(dir.resolve(Tokenizer.FILE), Arrays.copyOf(full, full.length / 2));
        fails(file, "malformed JSON");
    }

    @ParameterizedTest
    @ValueSource(strings = {"WordPiece", "Unigram", "WordLevel"})
    void otherModelTypes(String type) {
        MiniTokenizer m = new MiniTokenizer();
        m.model.put("type", type);
        fails(m.write(dir, null), "model type '" + type + "' is not supported");
    }

    @Test
    void missingVocab() {
        MiniTokenizer m = new MiniTokenizer();
        m.model.remove("vocab");
        fails(m.write(dir, null), "model.vocab is missing");
    }

    @Test
    void mergeOfUnknownToken() {
        MiniTokenizer m = new MiniTokenizer();
        m.model.withArray("merges").add("x yz");
        fails(m.write(dir, null), "model.merges[4] \"x yz\" uses a token missing from model.vocab");
    }

    @Test
    void unsupportedPreTokenizer() {
        MiniTokenizer m = new MiniTokenizer();
        m.root.putObject("pre_tokenizer").put("type", "Whitespace");
        fails(m.write(dir, null), "unsupported pre_tokenizer {\"type\":\"Whitespace\"}");
    }

    @Test
    void unknownSplitPattern() {
        MiniTokenizer m = new MiniTokenizer();
        ((ObjectNode) m.root.at("/pre_tokenizer/pretokenizers/0/pattern")).put("Regex", "\\p{N}|\\s+");
        fails(m.write(dir, null), "unsupported pre_tokenizer split pattern \\p{N}|\\s+");
    }

    @Test
    void unsupportedNormalizer() {
        MiniTokenizer m = new MiniTokenizer();
        m.root.putObject("normalizer").put("type", "NFC");
        fails(m.write(dir, null), "unsupported normalizer NFC");
    }

    @Test
    void configNamesAnUnknownToken() {
        ObjectNode config = Json.MAPPER.createObjectNode().put("eos_token", "</s>");
        Path file = new MiniTokenizer().write(dir, config);
        var e = assertThrows(BitNetException.class, () -> Tokenizer.load(file));
        assertEquals(dir.resolve(SpecialTokens.CONFIG_FILE) + ": eos_token '</s>' is not a token of tokenizer.json", e.getMessage());
    }
}
