package dev.bitnet4j.server;

import dev.bitnet4j.BitNetException;
import dev.bitnet4j.chat.ChatMessage;
import dev.bitnet4j.chat.ChatTemplate;
import dev.bitnet4j.tokenizer.Tokenizer;

import java.util.List;

/**
 * Prompt ids for a request, encoded as the CLI encodes them: text a client sends is never parsed for
 * special tokens (a "<|eot_id|>" in a message stays plain text); only the chat template's own
 * markers become special tokens.
 */
final class PromptEncoder {
    private final Tokenizer tokenizer;
    private final ChatTemplate template;

    Tokenizer tokenizer() {
        return tokenizer;
    }

    PromptEncoder(Tokenizer tokenizer, ChatTemplate template) {
        this.tokenizer = tokenizer;
        this.template = template;
    }

    int[] encode(CompletionParams p) {
        return p.chat() ? chat(p.messages()) : text(p.prompt());
    }

    /** As ChatSession: every message protected, rendered with the generation prompt, then BOS unless the template wrote it. */
    int[] chat(List<ChatMessage> messages) {
        try {
            return template.encodeForReply(messages, tokenizer);
        } catch (BitNetException e) {
            // the template refused the conversation (e.g. roles out of order): the client's to fix
            throw ApiError.badParam("messages", e.getMessage());
        }
    }

    /** As `generate --prompt`: the text with BOS, special-token strings kept plain. */
    int[] text(String prompt) {
        return tokenizer.encodePrompt(prompt);
    }
}
