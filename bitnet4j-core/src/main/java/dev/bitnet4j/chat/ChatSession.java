package dev.bitnet4j.chat;

import dev.bitnet4j.BitNetException;
import dev.bitnet4j.generate.GenerateRequest;
import dev.bitnet4j.generate.GenerateResult;
import dev.bitnet4j.generate.Generator;
import dev.bitnet4j.generate.SamplingParams;
import dev.bitnet4j.model.BitNetModel;
import dev.bitnet4j.tokenizer.Tokenizer;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A multi-turn conversation with a model. Each turn renders the whole history with the model's chat
 * template and generates the reply; the KV cache keeps the shared prefix, so only the new turn is
 * computed. When the history no longer fits the context, the oldest turns are dropped (and the
 * reply says how many). Text from the user is never parsed for special tokens: only the template's
 * own markers become them. Not thread-safe: one conversation, one caller.
 */
public final class ChatSession {

    /** One reply: its result, and how many old messages were dropped to make room for it. */
    public record Reply(GenerateResult result, int droppedMessages) {
        public String text() {
            return result.text();
        }
    }

    private final Tokenizer tokenizer;
    private final ChatTemplate template;
    private final Generator generator;
    private final List<ChatMessage> history = new ArrayList<>();
    private String system;

    public ChatSession(BitNetModel model, Tokenizer tokenizer, ChatTemplate template, int contextSize) {
        this.tokenizer = tokenizer;
        this.template = template;
        this.generator = new Generator(model, tokenizer, contextSize);
    }

    /** Sets (or, with null or blank, removes) the system prompt; it is never dropped. */
    public void setSystem(String text) {
        system = text == null || text.isBlank() ? null : text;
    }

    /** The system prompt, if one is set. */
    public Optional<String> system() {
        return Optional.ofNullable(system);
    }

    /** Forgets the conversation (the system prompt stays). */
    public void reset() {
        history.clear();
    }

    public List<ChatMessage> history() {
        return List.copyOf(history);
    }

    /** Stops the reply being generated (from another thread, e.g. on Ctrl-C); it ends CANCELLED. */
    public void cancel() {
        generator.cancel();
    }

    /** Adds the user's message, generates the assistant's reply and adds it to the history. */
    public Reply send(String userMessage, int maxTokens, SamplingParams sampling, Generator.TokenListener listener) {
        history.add(new ChatMessage("user", userMessage));
        int dropped = 0;
        int[] prompt;
        // Keep room for the reply: up to maxTokens, but never more than half the context.
        int budget = generator.contextSize() - Math.max(1, Math.min(maxTokens, generator.contextSize() / 2));
        while ((prompt = encode(history)).length > budget) {
            if (history.size() == 1) {
                history.clear();
                throw new BitNetException("the message needs " + prompt.length + " tokens with the template, but the context of "
                        + generator.contextSize() + " tokens keeps " + (generator.contextSize() - budget)
                        + " for the reply; shorten it or raise the context size");
            }
            // drop the oldest turn: its user message and, if present, the assistant's answer
            int n = history.size() > 1 && history.get(1).role().equals("assistant") ? 2 : 1;
            history.subList(0, n).clear();
            dropped += n;
        }
        GenerateResult r = generator.generate(new GenerateRequest(prompt, maxTokens, sampling, List.of(), false), listener);
        history.add(new ChatMessage("assistant", r.text()));
        return new Reply(r, dropped);
    }

    /** The prompt tokens for a history: BOS (when the tokenizer adds one and the template did not), then the rendering. */
    int[] encode(List<ChatMessage> messages) {
        List<ChatMessage> all = new ArrayList<>(messages.size() + 1);
        if (system != null) all.add(new ChatMessage("system", system));
        all.addAll(messages);
        return template.encodeForReply(all, tokenizer);
    }
}
