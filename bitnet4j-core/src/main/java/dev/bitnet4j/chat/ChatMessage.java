package dev.bitnet4j.chat;

import java.util.Objects;

/**
 * One turn of a conversation. Templates see it as a mapping: {@code message['role']} or
 * {@code message.role}, and {@code message['content']}.
 *
 * @param role    "system", "user", "assistant", "tool", ... (the template decides what it accepts)
 * @param content the text of the turn
 */
public record ChatMessage(String role, String content) {
    public ChatMessage {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(content, "content");
    }

    public static ChatMessage system(String content) {
        return new ChatMessage("system", content);
    }

    public static ChatMessage user(String content) {
        return new ChatMessage("user", content);
    }

    public static ChatMessage assistant(String content) {
        return new ChatMessage("assistant", content);
    }
}
