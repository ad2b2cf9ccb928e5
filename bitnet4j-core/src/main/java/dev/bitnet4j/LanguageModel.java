package dev.bitnet4j;

import dev.bitnet4j.chat.ChatMessage;
import dev.bitnet4j.chat.ChatTemplate;
import dev.bitnet4j.generate.GenerateRequest;
import dev.bitnet4j.generate.GenerateResult;
import dev.bitnet4j.generate.Generator;
import dev.bitnet4j.generate.SamplingParams;
import dev.bitnet4j.model.BitNetModel;
import dev.bitnet4j.model.ModelConfig;
import dev.bitnet4j.tokenizer.Tokenizer;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A loaded model with its tokenizer and chat template, from {@link BitNet#load}: completes prompts
 * ({@code generate}) and holds conversations ({@link #newChat()}).
 *
 * <h2>Thread safety</h2>
 * One instance may be shared by any number of threads. Each {@code generate} call has its own KV cache
 * and sampler, so concurrent calls never see each other's tokens: a call gives the same result whether
 * or not others run beside it. They share the model's kernels, which run one matrix product at a time
 * (each product already uses every thread of {@link BitNet.Options#threads()}), so concurrent calls
 * interleave token by token rather than speed each other up. A {@link Chat} is for one thread at a
 * time, except {@link Chat#cancel()}.
 * <p>
 * {@link #close()} waits for calls that are running to finish, then frees the model; later calls
 * (here or on its chats) throw {@link IllegalStateException}. Listeners run on the calling thread, and
 * must not call {@code close()}.
 * <p>
 * Arguments may not be null unless a method says otherwise ({@link NullPointerException}).
 */
public final class LanguageModel implements AutoCloseable {
    private final BitNetModel model;
    private final Tokenizer tokenizer;      // null: the folder has no tokenizer.json
    private final ChatTemplate template;    // null exactly when tokenizer is
    private final int contextSize;
    // generation holds the read lock, close the write lock: the weights are never unmapped under a running call
    private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
    private boolean closed;                 // guarded by lifecycle

    LanguageModel(BitNetModel model, Tokenizer tokenizer, ChatTemplate template, int contextSize) {
        this.model = model;
        this.tokenizer = tokenizer;
        this.template = template;
        this.contextSize = contextSize;
    }

    /**
     * Continues a text prompt with up to {@value CompletionRequest#DEFAULT_MAX_TOKENS} tokens.
     *
     * @param prompt   text; encoded with BOS, special-token strings in it stay plain text
     * @param sampling how tokens are picked, e.g. {@link SamplingParams#greedy()}
     * @return the generated ids and text, why generation ended, and token counts and timings
     * @throws BitNetException when the folder has no tokenizer, or the prompt does not fit the context
     * @throws IllegalStateException after {@link #close()}
     */
    public GenerateResult generate(String prompt, SamplingParams sampling) {
        return generate(CompletionRequest.of(prompt).withSampling(sampling));
    }

    /**
     * As {@link #generate(String, SamplingParams)}, streaming: {@code onText} receives each piece of text
     * as it is generated (never null or empty); the pieces concatenate to the result's text.
     */
    public GenerateResult generate(String prompt, SamplingParams sampling, Consumer<String> onText) {
        return generate(CompletionRequest.of(prompt).withSampling(sampling), onText);
    }

    /**
     * Runs one completion request.
     *
     * @return the generated ids and text (null text without a tokenizer), why generation ended
     *         (EOS or a stop string, max tokens or the end of the context), token counts and timings
     * @throws BitNetException when the request needs a tokenizer (a text prompt, stop strings) and the
     *                         folder has none, a prompt id is outside the vocabulary, or the prompt does
     *                         not fit the context
     * @throws IllegalStateException after {@link #close()}
     */
    public GenerateResult generate(CompletionRequest request) {
        return generateTokens(request, (id, text) -> {});
    }

    /** As {@link #generate(CompletionRequest)}, streaming each piece of text to {@code onText} as it comes. */
    public GenerateResult generate(CompletionRequest request, Consumer<String> onText) {
        requireTokenizer("streaming text");
        return generateTokens(request, Generator.TokenListener.text(onText));
    }

    /**
     * As {@link #generate(CompletionRequest)}, telling {@code listener} each token id with its text as it
     * comes; this form also streams from a folder without a tokenizer (the text is then null).
     */
    public GenerateResult generateTokens(CompletionRequest request, Generator.TokenListener listener) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(listener, "listener");
        return whileOpen(() -> {
            int[] ids = request.prompt() != null ? requireTokenizer("a text prompt").encodePrompt(request.prompt())
                    : request.promptIds();
            GenerateRequest r = new GenerateRequest(ids, request.maxTokens(), request.sampling(), request.stopStrings(),
                    request.ignoreEos());
            // a generator per call: its own KV cache (which grows on demand), so calls never share state
            return new Generator(model, tokenizer, contextSize).generate(r, listener);
        });
    }

    /**
     * The prompt ids that ask for the assistant's reply to a whole conversation, rendered with the chat
     * template as a {@link Chat} renders its history (message text is never parsed for special tokens).
     * This is the stateless counterpart of {@link #newChat()}: complete the conversation once with
     * {@code generate(CompletionRequest.ofIds(model.encodeChat(messages)))}, with no KV cache kept
     * between calls.
     *
     * @param messages the conversation, oldest first, usually ending with a user message
     * @throws BitNetException when the folder has no tokenizer, or the template rejects the conversation
     *                         (e.g. roles out of order)
     * @throws IllegalStateException after {@link #close()}
     */
    public int[] encodeChat(List<ChatMessage> messages) {
        Objects.requireNonNull(messages, "messages");
        return whileOpen(() -> template.encodeForReply(messages, requireTokenizer("chat")));
    }

    /**
     * A new conversation without a system prompt.
     *
     * @throws BitNetException when the folder has no tokenizer
     * @throws IllegalStateException after {@link #close()}
     */
    public Chat newChat() {
        return newChat(null);
    }

    /**
     * A new conversation with a system prompt (null or blank: none). Each chat has its own KV cache,
     * which keeps the conversation so far: a turn computes only its new tokens.
     *
     * @throws BitNetException when the folder has no tokenizer
     * @throws IllegalStateException after {@link #close()}
     */
    public Chat newChat(String systemPrompt) {
        return whileOpen(() -> new Chat(this, model, requireTokenizer("chat"), template, contextSize, systemPrompt));
    }

    /** The tokenizer, when the folder has a tokenizer.json. Thread-safe. */
    public Optional<Tokenizer> tokenizer() {
        return Optional.ofNullable(tokenizer);
    }

    /** The chat template chats use (the folder's, or the built-in 2B4T one), when the folder has a tokenizer. */
    public Optional<ChatTemplate> chatTemplate() {
        return Optional.ofNullable(template);
    }

    /** The sizes read from config.json. */
    public ModelConfig config() {
        return model.config();
    }

    /** The most tokens (prompt plus output) one sequence may hold, from {@link BitNet.Options#contextSize()}. */
    public int contextSize() {
        return contextSize;
    }

    /** The model path it was loaded from: a folder or a .gguf file. */
    public Path path() {
        return model.path();
    }

    /**
     * Waits for running calls to finish, then unmaps the weights and stops the worker threads. Calling
     * it again does nothing.
     *
     * @throws IllegalStateException when called from a listener of this model's own generation (it
     *                               would wait for itself)
     */
    @Override
    public void close() {
        if (lifecycle.getReadHoldCount() > 0) {
            throw new IllegalStateException("close() was called from inside a generation of this model; close it after the call returns");
        }
        lifecycle.writeLock().lock();
        try {
            if (closed) return;
            closed = true;
            model.close();
        } finally {
            lifecycle.writeLock().unlock();
        }
    }

    /** Runs work that uses the weights, failing clearly once the model is closed. */
    <T> T whileOpen(Supplier<T> work) {
        lifecycle.readLock().lock();
        try {
            if (closed) throw new IllegalStateException("this model (" + model.path() + ") is closed");
            return work.get();
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    private Tokenizer requireTokenizer(String what) {
        if (tokenizer == null) {
            throw new BitNetException(model.path() + ": " + what + " needs a tokenizer, and the model has none (no " + Tokenizer.FILE + " and no tokenizer in GGUF metadata)");
        }
        return tokenizer;
    }
}
