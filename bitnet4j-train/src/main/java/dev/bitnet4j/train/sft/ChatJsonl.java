package dev.bitnet4j.train.sft;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bitnet4j.BitNetException;
import dev.bitnet4j.chat.ChatMessage;
import dev.bitnet4j.train.data.Jsonl;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Chat data for SFT: JSONL, one {@code {"messages": [{"role": ..., "content": ...}, ...]}} per line. */
public final class ChatJsonl {
    private ChatJsonl() {}

    /** A conversation and where it was read ("FILE: line N"), for errors found later. */
    public record Conversation(List<ChatMessage> messages, String where) {}

    public static List<Conversation> read(Path file) {
        return Jsonl.read(file, "conversations", (r, where) -> {
            JsonNode msgs = r.path("messages");
            if (!msgs.isArray() || msgs.isEmpty()) throw new BitNetException(where + ": expected {\"messages\": [{\"role\": ..., \"content\": ...}, ...]}");
            List<ChatMessage> messages = new ArrayList<>();
            for (JsonNode m : msgs) {
                if (!m.path("role").isTextual() || !m.path("content").isTextual()) {
                    throw new BitNetException(where + ": message " + m + " needs a string \"role\" and a string \"content\"");
                }
                messages.add(new ChatMessage(m.get("role").asText(), m.get("content").asText()));
            }
            return new Conversation(messages, where);
        });
    }
}
