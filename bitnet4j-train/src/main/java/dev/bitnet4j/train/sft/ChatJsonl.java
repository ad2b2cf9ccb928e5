package dev.bitnet4j.train.sft;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bitnet4j.BitNetException;
import dev.bitnet4j.chat.ChatMessage;
import dev.bitnet4j.format.Json;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Chat data for SFT: JSONL, one {@code {"messages": [{"role": ..., "content": ...}, ...]}} per line. */
public final class ChatJsonl {
    private ChatJsonl() {}

    /** A conversation and where it was read ("file line N"), for errors found later. */
    public record Conversation(List<ChatMessage> messages, String where) {}

    public static List<Conversation> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (java.nio.charset.MalformedInputException e) {
            throw new BitNetException(file + ": not valid UTF-8");
        } catch (IOException e) {
            throw new BitNetException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
        List<Conversation> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) continue;
            String where = file + " line " + (i + 1);
            JsonNode msgs = Json.parse(lines.get(i).getBytes(StandardCharsets.UTF_8), where).path("messages");
            if (!msgs.isArray() || msgs.isEmpty()) throw new BitNetException(where + ": expected {\"messages\": [{\"role\": ..., \"content\": ...}, ...]}");
            List<ChatMessage> messages = new ArrayList<>();
            for (JsonNode m : msgs) {
                if (!m.path("role").isTextual() || !m.path("content").isTextual()) {
                    throw new BitNetException(where + ": message " + m + " needs a string \"role\" and a string \"content\"");
                }
                messages.add(new ChatMessage(m.get("role").asText(), m.get("content").asText()));
            }
            out.add(new Conversation(messages, where));
        }
        if (out.isEmpty()) throw new BitNetException(file + ": no conversations");
        return out;
    }
}
