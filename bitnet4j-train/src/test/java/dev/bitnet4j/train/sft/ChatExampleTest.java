package dev.bitnet4j.train.sft;

import dev.bitnet4j.BitNetException;
import dev.bitnet4j.chat.ChatMessage;
import dev.bitnet4j.chat.ChatTemplate;
import dev.bitnet4j.tokenizer.Tokenizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** SFT sequences: exactly the assistant turns (content and end-of-turn marker) are marked, with the 2B4T tokenizer and template. */
class ChatExampleTest {
    static final Path FIXTURE = Path.of("../bitnet4j-core/src/test/resources/fixtures/tokenizer");
    static final Tokenizer TOKENIZER = Tokenizer.load(FIXTURE.resolve("tokenizer.json"));
    static final ChatTemplate TEMPLATE = ChatTemplate.find(FIXTURE);
    static final int BOS = 128000, EOT = 128009;

    @TempDir
    Path dir;

    @Test
    void marksExactlyTheAssistantTurns() {
        List<ChatMessage> chat = List.of(
                ChatMessage.system("Be brief."),
                ChatMessage.user("Hi <|eot_id|> there"),
                ChatMessage.assistant("Hello!"),
                ChatMessage.user("Name a colour."),
                ChatMessage.assistant("Blue."));
        ChatExample e = ChatExample.encode(chat, TEMPLATE, TOKENIZER, "test");
        assertEquals(e.tokens().length, e.assistant().length);
        assertEquals(BOS, e.tokens()[0]);
        assertFalse(e.assistant()[0]);

        // The marked tokens, span by span, are each assistant turn and its end-of-turn marker.
        List<String> spans = new ArrayList<>();
        for (int i = 0; i < e.tokens().length; ) {
            if (!e.assistant()[i]) { i++; continue; }
            int j = i;
            while (j < e.tokens().length && e.assistant()[j]) j++;
            spans.add(TOKENIZER.decode(Arrays.copyOfRange(e.tokens(), i, j), false));
            i = j;
        }
        assertEquals(List.of("Hello!<|eot_id|>", "Blue.<|eot_id|>"), spans);
        // Everything else is the rendered conversation, and nothing is lost or added.
        assertEquals("<|begin_of_text|>" + TEMPLATE.render(chat, false, Map.of()), TOKENIZER.decode(e.tokens(), false));
        // The user's "<|eot_id|>" stays text: the special token appears once per turn (system included), from the template.
        assertEquals(chat.size(), Arrays.stream(e.tokens()).filter(t -> t == EOT).count());
        // The tokens before each assistant turn are what the engine encodes as the prompt of its reply.
        int firstAssistant = 0;
        while (!e.assistant()[firstAssistant]) firstAssistant++;
        assertArrayEquals(TEMPLATE.encodeForReply(chat.subList(0, 2), TOKENIZER), Arrays.copyOf(e.tokens(), firstAssistant));
        assertEquals(TOKENIZER.encode("Hello!<|eot_id|>", true).length + TOKENIZER.encode("Blue.<|eot_id|>", true).length,
                e.assistantTokens());
    }

    @Test
    void aConversationWithoutAnAssistantTurnIsRefused() {
        BitNetException ex = assertThrows(BitNetException.class,
                () -> ChatExample.encode(List.of(ChatMessage.user("hi")), TEMPLATE, TOKENIZER, "data.jsonl line 3"));
        assertTrue(ex.getMessage().startsWith("data.jsonl line 3: no assistant turn"), ex.getMessage());
    }

    @Test
    void malformedJsonlNamesTheFileAndLine() throws IOException {
        Path ok = Files.writeString(dir.resolve("ok.jsonl"),
                "{\"messages\": [{\"role\": \"user\", \"content\": \"a\"}, {\"role\": \"assistant\", \"content\": \"b\"}]}\n\n");
        assertEquals(1, ChatJsonl.read(ok).size());
        assertEquals(ok + ": line 1", ChatJsonl.read(ok).getFirst().where());
        for (String[] c : new String[][]{
                {"{\"messages\": [{\"role\": \"user\", \"content\": \"a\"}]}\nnot json\n", "line 2"},
                {"{\"msgs\": []}\n", "line 1: expected {\"messages\""},
                {"{\"messages\": [{\"role\": \"user\", \"content\": 5}]}\n", "line 1: message"}}) {
            Path f = Files.writeString(dir.resolve("bad.jsonl"), c[0]);
            BitNetException ex = assertThrows(BitNetException.class, () -> ChatJsonl.read(f));
            assertTrue(ex.getMessage().contains("bad.jsonl: " + c[1]), ex.getMessage());
        }
    }
}
