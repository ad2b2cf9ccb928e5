package dev.bitnet4j.train.dpo;

import dev.bitnet4j.BitNetException;
import dev.bitnet4j.chat.ChatTemplate;
import dev.bitnet4j.tokenizer.Tokenizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Preference pairs: both responses follow the same prompt tokens, and only the responses (with end-of-turn) count. */
class PreferencePairsTest {
    static final Path FIXTURE = Path.of("../bitnet4j-core/src/test/resources/fixtures/tokenizer");
    static final Tokenizer TOKENIZER = Tokenizer.load(FIXTURE.resolve("tokenizer.json"));
    static final ChatTemplate TEMPLATE = ChatTemplate.find(FIXTURE);

    @TempDir
    Path dir;

    @Test
    void responsesFollowTheSamePromptAndAloneCount() throws IOException {
        Path f = Files.writeString(dir.resolve("p.jsonl"),
                "{\"prompt\": \"What does the word \\\"virago\\\" mean?\", \"chosen\": \"a noisy or scolding woman\", \"rejected\": \"arousal to violent emotion\"}\n");
        List<PreferencePairs.Pair> pairs = PreferencePairs.read(f, TEMPLATE, TOKENIZER);
        assertEquals(1, pairs.size());
        var p = pairs.getFirst();
        int promptC = 0, promptR = 0;
        while (!p.chosen().assistant()[promptC]) promptC++;
        while (!p.rejected().assistant()[promptR]) promptR++;
        assertEquals(promptC, promptR);
        assertArrayEquals(Arrays.copyOf(p.chosen().tokens(), promptC), Arrays.copyOf(p.rejected().tokens(), promptR));
        assertEquals("a noisy or scolding woman<|eot_id|>",
                TOKENIZER.decode(Arrays.copyOfRange(p.chosen().tokens(), promptC, p.chosen().tokens().length), false));
        assertEquals("arousal to violent emotion<|eot_id|>",
                TOKENIZER.decode(Arrays.copyOfRange(p.rejected().tokens(), promptR, p.rejected().tokens().length), false));
    }

    @Test
    void malformedLinesNameTheFileAndLine() throws IOException {
        Path f = Files.writeString(dir.resolve("bad.jsonl"), "{\"prompt\": \"q\", \"chosen\": \"a\", \"rejected\": \"b\"}\n{\"prompt\": \"q\", \"chosen\": 1}\n");
        BitNetException e = assertThrows(BitNetException.class, () -> PreferencePairs.read(f, TEMPLATE, TOKENIZER));
        assertTrue(e.getMessage().contains("bad.jsonl: line 2: expected"), e.getMessage());
        Path empty = Files.writeString(dir.resolve("empty.jsonl"), "\n");
        assertTrue(assertThrows(BitNetException.class, () -> PreferencePairs.read(empty, TEMPLATE, TOKENIZER))
                .getMessage().contains("no preference pairs"));
    }
}
