package dev.bitnet4j.server;

import dev.bitnet4j.chat.ChatMessage;
import dev.bitnet4j.generate.SamplingParams;

import java.util.List;

/**
 * One validated completion request, for either endpoint.
 *
 * @param chat         true for /v1/chat/completions (then {@code messages}), false for /v1/completions (then {@code prompt})
 * @param messages     the conversation, in order (chat only)
 * @param prompt       the prompt text (completions only)
 * @param maxTokens    most tokens to generate; null = up to the end of the context
 * @param sampling     temperature, top_p, penalties and seed as the engine takes them
 * @param stop         stop strings (may be empty)
 * @param stream       answer with Server-Sent Events
 * @param includeUsage with {@code stream}: a last chunk carrying the usage
 */
record CompletionParams(boolean chat, List<ChatMessage> messages, String prompt, Integer maxTokens,
                        SamplingParams sampling, List<String> stop, boolean stream, boolean includeUsage) {
    CompletionParams {
        messages = List.copyOf(messages);
        stop = List.copyOf(stop);
    }
}
