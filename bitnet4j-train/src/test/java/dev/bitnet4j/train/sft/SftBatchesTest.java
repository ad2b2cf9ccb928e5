package dev.bitnet4j.train.sft;

import dev.bitnet4j.BitNetException;
import dev.bitnet4j.chat.ChatMessage;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static dev.bitnet4j.train.sft.ChatExampleTest.TEMPLATE;
import static dev.bitnet4j.train.sft.ChatExampleTest.TOKENIZER;
import static org.junit.jupiter.api.Assertions.*;

/** SFT batches: targets are the next tokens, the mask follows the targets, padding never counts, steps are reproducible. */
class SftBatchesTest {
    static ChatExample example(String q, String a) {
        return ChatExample.encode(List.of(ChatMessage.user(q), ChatMessage.assistant(a)), TEMPLATE, TOKENIZER, "test");
    }

    @Test
    void targetsAreTheNextTokensAndTheMaskFollowsThem() {
        ChatExample e = example("Name a colour.", "Blue.");
        int n = e.tokens().length;
        PaddedBatch b = PaddedBatch.of(List.of(e), n + 3);
        for (int t = 0; t < n - 1; t++) {
            assertEquals(e.tokens()[t], b.tokens()[0][t]);
            assertEquals(e.tokens()[t + 1], b.targets()[0][t]);
            assertEquals(e.assistant()[t + 1], b.mask()[0][t]);
        }
        for (int t = n - 1; t < n + 3; t++) assertFalse(b.mask()[0][t], "padding at " + t);
        assertEquals(e.assistantTokens(), b.counted());
        PaddedBatch cut = PaddedBatch.of(List.of(e), n - 2);       // the last prediction (the end-of-turn marker) is cut
        assertEquals(e.assistantTokens() - 1, cut.counted());
    }

    @Test
    void stepsAreReproducibleAndDiffer() {
        List<ChatExample> data = List.of(example("a?", "A."), example("b?", "B."), example("c?", "C."), example("d?", "D."));
        SftBatches x = new SftBatches(data, 3, 32, 7), y = new SftBatches(data, 3, 32, 7);
        for (long step = 0; step < 5; step++) assertTrue(Arrays.deepEquals(x.batch(step).tokens(), y.batch(step).tokens()));
        boolean differ = false;
        for (long step = 1; step < 5; step++) differ |= !Arrays.deepEquals(x.batch(0).tokens(), x.batch(step).tokens());
        assertTrue(differ);
    }

    @Test
    void aConversationWhoseAnswerFallsOutsideTheContextIsRefused() {
        ChatExample long_ = example("x ".repeat(50), "y");
        BitNetException e = assertThrows(BitNetException.class, () -> new SftBatches(List.of(long_), 1, 16, 0));
        assertTrue(e.getMessage().contains("conversation 1 has no assistant token within the first 17 tokens"), e.getMessage());
    }
}
