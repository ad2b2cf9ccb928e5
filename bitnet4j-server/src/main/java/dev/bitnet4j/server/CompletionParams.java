package dev.bitnet4j.server;

import dev.bitnet4j.chat.ChatMessage;
import dev.bitnet4j.generate.SamplingParams;
import dev.bitnet4j.generate.constrain.JsonSchema;

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
 * @param jsonSchema   response_format: the schema the output must follow, or null for free text
 * @param logprobs     -1: no logprobs; k &ge; 0: each token's logprob and its k most likely alternatives
 */
record CompletionParams(boolean chat, List<ChatMessage> messages, String prompt, Integer maxTokens,
                        SamplingParams sampling, List<String> stop, boolean stream, boolean includeUsage,
                        JsonSchema jsonSchema, int logprobs) {
    CompletionParams {
        messages = List.copyOf(messages);
        stop = List.copyOf(stop);
    }
}
