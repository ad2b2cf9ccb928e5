package dev.bitnet4j;

import dev.bitnet4j.chat.ChatMessage;
import dev.bitnet4j.chat.ChatSession;
import dev.bitnet4j.chat.ChatTemplate;
import dev.bitnet4j.generate.Generator;
import dev.bitnet4j.generate.SamplingParams;
import dev.bitnet4j.model.BitNetModel;
import dev.bitnet4j.tokenizer.Tokenizer;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A conversation with a {@link LanguageModel}, from {@link LanguageModel#newChat()}. Each
 * {@link #send} renders the history with the model's chat template and generates the assistant's
 * reply; the chat's own KV cache keeps the conversation so far, so a turn computes only its new tokens.
 * When the history outgrows the context, the oldest turns are dropped (the reply says how many). User
 * text is never parsed for special tokens.
 * <p>
 * Sampling defaults to {@link SamplingParams#defaults()} and replies to at most
 * {@value #DEFAULT_MAX_TOKENS} tokens; change them with {@link #sampling(SamplingParams)} and
 * {@link #maxTokens(int)}.
 *
 * <h2>Thread safety</h2>
 * A chat serves one thread at a time: {@link #send}, {@link #reset()} and the setters while a reply is
 * being generated throw {@link IllegalStateException}. {@link #cancel()} may be called from any thread.
 * Different chats of one model may run on different threads at once.
 */
public final class Chat {
    /** The most tokens a reply gets unless {@link #maxTokens(int)} says otherwise, as {@code bitnet4j chat}'s. */
    public static final int DEFAULT_MAX_TOKENS = 512;

    private final LanguageModel owner;
    private final ChatSession session;
    // set while a reply (or a change) runs, to refuse a second caller instead of corrupting the history
    private final AtomicBoolean busy = new AtomicBoolean();
    private SamplingParams sampling = SamplingParams.defaults();
    private int maxTokens = DEFAULT_MAX_TOKENS;

    Chat(LanguageModel owner, BitNetModel model, Tokenizer tokenizer, ChatTemplate template, int contextSize,
         String systemPrompt) {
        this.owner = owner;
        this.session = new ChatSession(model, tokenizer, template, contextSize);
        systemPrompt(systemPrompt);
    }

    /**
     * Adds the user's message, generates the reply and adds it to the history.
     *
     * @return the reply: its text ({@link ChatSession.Reply#text()}), the full {@code GenerateResult}
     *         (ids, finish reason, prompt tokens and how many of them came from the cache, timings), and
     *         how many old messages were dropped to fit the context
     * @throws BitNetException when the message alone does not fit the context; the history is then empty
     *                         (older turns were dropped trying to make room)
     * @throws IllegalStateException when another reply of this chat is running, or the model is closed
     * @throws NullPointerException when {@code userMessage} is null
     */
    public ChatSession.Reply send(String userMessage) {
        return reply(userMessage, (id, text) -> {});
    }

    /** As {@link #send(String)}, streaming each piece of the reply's text (never null or empty) to {@code onText}. */
    public ChatSession.Reply send(String userMessage, Consumer<String> onText) {
        return reply(userMessage, Generator.TokenListener.text(onText));
    }

    private ChatSession.Reply reply(String userMessage, Generator.TokenListener listener) {
        Objects.requireNonNull(userMessage, "userMessage");
        return exclusively(() -> owner.whileOpen(() -> session.send(userMessage, maxTokens, sampling, listener)));
    }

    /**
     * Stops the reply being generated, if any, after its current token; {@link #send} then returns it
     * with finish reason CANCELLED, and it stays in the history. Safe from any thread.
     */
    public void cancel() {
        session.cancel();
    }

    /** Forgets the conversation; the system prompt stays. */
    public void reset() {
        exclusively(() -> {
            session.reset();
            return null;
        });
    }

    /** The messages so far, oldest first, without the system prompt: an unmodifiable copy. */
    public List<ChatMessage> history() {
        return session.history();
    }

    /** The system prompt, if one is set. */
    public Optional<String> systemPrompt() {
        return session.system();
    }

    /** Sets the system prompt for the next turns (null or blank: none); it is never dropped to fit the context. */
    public Chat systemPrompt(String text) {
        exclusively(() -> {
            session.setSystem(text);
            return null;
        });
        return this;
    }

    /** How the next replies' tokens are picked. */
    public SamplingParams sampling() {
        return sampling;
    }

    /** Sets how the next replies' tokens are picked. */
    public Chat sampling(SamplingParams sampling) {
        Objects.requireNonNull(sampling, "sampling");
        exclusively(() -> this.sampling = sampling);
        return this;
    }

    /** The most tokens a reply may have. */
    public int maxTokens() {
        return maxTokens;
    }

    /**
     * Sets the most tokens the next replies may have (at least 1; the context keeps at most half of
     * itself for a reply).
     *
     * @throws BitNetException when {@code maxTokens} is below 1
     */
    public Chat maxTokens(int maxTokens) {
        if (maxTokens < 1) throw new BitNetException("max tokens must be >= 1, found " + maxTokens);
        exclusively(() -> this.maxTokens = maxTokens);
        return this;
    }

    private <T> T exclusively(Supplier<T> work) {
        if (!busy.compareAndSet(false, true)) {
            throw new IllegalStateException("this chat is busy with a reply; a chat serves one thread at a time");
        }
        try {
            return work.get();
        } finally {
            busy.set(false);
        }
    }
}
