package dev.bitnet4j.generate;

import dev.bitnet4j.BitNetException;
import dev.bitnet4j.model.BitNetModel;
import dev.bitnet4j.model.KVCache;
import dev.bitnet4j.tokenizer.Tokenizer;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The generation loop for one sequence: the prompt in one batched forward pass, then one token at a
 * time through the KV cache, sampling each, until EOS, a stop string, max tokens, the end of the
 * context or {@link #cancel()}.
 * <p>
 * The cache outlives a call: the next prompt reuses the longest prefix it shares with what is
 * already cached (a chat's history), so only the new tokens are computed. One generator serves one
 * sequence at a time; {@link #cancel()} may be called from any thread.
 */
public final class Generator {

    /** Receives generated tokens as they come. */
    public interface TokenListener {
        /** One token and the text it completes (empty when held back; null without a tokenizer). */
        void onToken(int id, String text);

        /** The same with the token's logprobs, when the request asks for them (else null). */
        default void onToken(int id, String text, TokenLogprobs logprobs) {
            onToken(id, text);
        }

        /** At the end: text that was held back (a partial character or a possible stop-string prefix). */
        default void onTail(String text) {}

        /**
         * A listener that passes only the text on: each non-empty piece, the held-back tail included, in
         * order, so the pieces concatenate to {@link GenerateResult#text()}. Without a tokenizer it gets nothing.
         */
        static TokenListener text(Consumer<String> sink) {
            Objects.requireNonNull(sink, "sink");
            return new TokenListener() {
                @Override
                public void onToken(int id, String text) {
                    if (text != null && !text.isEmpty()) sink.accept(text);
                }

                @Override
                public void onTail(String text) {
                    if (!text.isEmpty()) sink.accept(text);
                }
            };
        }
    }

    private final BitNetModel model;
    private final Tokenizer tokenizer;   // may be null: then no text and no stop strings
    private final KVCache cache;
    private final Set<Integer> eos;
    private int[] cached = new int[0];   // the tokens whose keys and values the cache holds, in order
    private volatile DecodeState running;

    public Generator(BitNetModel model, Tokenizer tokenizer, int contextSize) {
        this.model = model;
        this.tokenizer = tokenizer;
        this.cache = model.newCache(contextSize);
        this.eos = eosIds(model, tokenizer);
    }

    /** The ids that end generation with this model and tokenizer (which may be null): the model's EOS ids and the tokenizer's. */
    public static Set<Integer> eosIds(BitNetModel model, Tokenizer tokenizer) {
        Set<Integer> stopIds = new HashSet<>(model.generationDefaults().eosTokenIds());
        if (tokenizer != null) stopIds.addAll(tokenizer.eosIds());
        return Set.copyOf(stopIds);
    }

    public int contextSize() {
        return cache.contextSize();
    }

    /** Asks the running {@link #generate} to stop after the current token; it returns CANCELLED. */
    public void cancel() {
        DecodeState d = running;
        if (d != null) d.cancel();
    }

    public GenerateResult generate(GenerateRequest req, TokenListener listener) {
        int[] prompt = req.promptIds();
        check(model, tokenizer, cache.contextSize(), req);
        DecodeState state = new DecodeState(req, model.config().vocabSize(), tokenizer, eos, listener);
        running = state;
        int reused = reusablePrefix(cached, prompt);
        cache.truncate(reused);
        long t0 = System.nanoTime(), t1 = t0;
        try {
            if (req.maxTokens() > 0) {
                float[] logits = model.forward(Arrays.copyOfRange(prompt, reused, prompt.length), cache, false);
                t1 = System.nanoTime();
                while (state.step(logits, 0, cache.length() == cache.contextSize())) {
                    logits = model.forward(new int[]{state.lastToken()}, cache, false);
                }
            }
        } finally {
            running = null;
            // whatever happened, the cache holds exactly the first cache.length() tokens of the history
            cached = state.tokens(cache.length());
        }
        return state.finish(reused, t1 - t0, System.nanoTime() - t1);
    }

    /** Checks a prompt against the vocabulary and the context, a constraint against ignoring EOS, and stop strings against the tokenizer. */
    public static void check(BitNetModel model, Tokenizer tokenizer, int contextSize, GenerateRequest req) {
        int[] prompt = req.promptIds();
        int vocab = model.config().vocabSize();
        for (int id : prompt) {
            if (id < 0 || id >= vocab) {
                throw new BitNetException("prompt token id " + id + " is outside the vocabulary (0.." + (vocab - 1) + ")");
            }
        }
        if (prompt.length >= contextSize) {
            throw new BitNetException("the prompt has " + prompt.length + " tokens but the context holds "
                    + contextSize + " (and needs room for at least one new token); shorten the prompt or raise the context size");
        }
        if (req.constraint() != null && req.ignoreEos()) {
            throw new BitNetException("a token constraint needs EOS to end the document; it cannot be combined with ignoring EOS");
        }
        if (!req.stopStrings().isEmpty() && tokenizer == null) {
            throw new BitNetException("stop strings need a tokenizer, and " + model.path() + " has none (no " + Tokenizer.FILE + ", no GGUF vocabulary)");
        }
    }

    /**
     * How many leading prompt tokens a cache holding {@code cached} can keep (at least one prompt token
     * is always recomputed, for its logits).
     */
    public static int reusablePrefix(int[] cached, int[] prompt) {
        int limit = Math.min(cached.length, prompt.length - 1), k = 0;
        while (k < limit && cached[k] == prompt[k]) k++;
        return k;
    }
}
