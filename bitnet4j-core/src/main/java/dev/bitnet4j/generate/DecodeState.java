package dev.bitnet4j.generate;

import dev.bitnet4j.generate.GenerateResult.FinishReason;
import dev.bitnet4j.generate.constrain.TokenConstraint;
import dev.bitnet4j.tokenizer.StreamingDecoder;
import dev.bitnet4j.tokenizer.Tokenizer;

import java.util.Arrays;
import java.util.Set;
import java.util.function.IntPredicate;

/**
 * What one sequence's generation keeps from token to token: its sampler, token constraint, streaming
 * detokenizer, stop strings, the tokens so far, and why it ended; it also computes each token's
 * logprobs when the request asks for them. It never runs the model: {@link Generator} feeds it the
 * logits of its own forward calls, and a batching scheduler feeds many of them from one batched pass
 * per step, so both stop, decode and report tokens the same way.
 */
public final class DecodeState {
    private final GenerateRequest req;
    private final Set<Integer> eos;
    private final Generator.TokenListener listener;
    private final Sampler sampler;
    private final TokenConstraint constraint;   // null: any token
    private final IntPredicate allowed;         // null without a constraint
    private final StreamingDecoder decoder;   // null without a tokenizer: then no text and no stop strings
    private final StopStrings stops;
    private final StringBuilder text = new StringBuilder();
    private final int[] history;              // prompt, then the generated tokens
    private int length;
    private FinishReason finish = FinishReason.LENGTH;
    private boolean stoppedByString;
    private boolean ended;                    // step() saw the end
    private volatile boolean cancelRequested;

    public DecodeState(GenerateRequest req, int vocabSize, Tokenizer tokenizer, Set<Integer> eos,
                       Generator.TokenListener listener) {
        this.req = req;
        this.eos = eos;
        this.listener = listener;
        this.sampler = new Sampler(req.sampling(), vocabSize);
        this.constraint = req.constraint();
        // under a constraint EOS may come exactly when the document is complete
        this.allowed = constraint == null ? null : id -> eos.contains(id) ? constraint.complete() : constraint.allows(id);
        this.decoder = tokenizer == null ? null : tokenizer.streamingDecoder(true);
        this.stops = new StopStrings(req.stopStrings());
        int[] prompt = req.promptIds();
        this.history = Arrays.copyOf(prompt, prompt.length + req.maxTokens());
        this.length = prompt.length;
    }

    public GenerateRequest request() {
        return req;
    }

    /** Asks the generation to stop after the next token it samples (any thread). */
    public void cancel() {
        cancelRequested = true;
    }

    public boolean cancelRequested() {
        return cancelRequested;
    }

    /**
     * Samples the next token from {@code logits[offset …]} (among those the constraint allows), reports it
     * to the listener with its logprobs if asked for, and says whether
     * the generation goes on; then {@link #lastToken()} is the token to run next. {@code contextFull}:
     * the cache has no room left for that token.
     */
    public boolean step(float[] logits, int offset, boolean contextFull) {
        int id = sampler.sample(logits, offset, history, length, allowed);
        TokenLogprobs logprobs = req.topLogprobs() < 0 ? null
                : TokenLogprobs.of(logits, offset, sampler.vocabSize(), id, req.topLogprobs());
        if (constraint != null && !eos.contains(id)) constraint.accept(id);
        history[length++] = id;
        if (!req.ignoreEos() && eos.contains(id)) return end(FinishReason.STOP);
        String piece = null;
        if (decoder != null) {
            StopStrings.Step step = stops.accept(decoder.accept(id));
            piece = step.emit();
            text.append(piece);
            stoppedByString = step.stopped();
        }
        listener.onToken(id, piece, logprobs);
        if (stoppedByString) return end(FinishReason.STOP);
        if (cancelRequested) return end(FinishReason.CANCELLED);
        if (generated() == req.maxTokens() || contextFull) return end(FinishReason.LENGTH);
        return true;
    }

    private boolean end(FinishReason reason) {
        finish = reason;
        ended = true;
        return false;
    }

    public int lastToken() {
        return history[length - 1];
    }

    public int generated() {
        return length - req.promptIds().length;
    }

    /** The first {@code n} tokens of prompt + generated ones (what a cache of length n holds). */
    public int[] tokens(int n) {
        if (n > length) throw new IllegalArgumentException(n + " > " + length);
        return Arrays.copyOf(history, n);
    }

    /**
     * Ends the generation: releases held-back text to the listener (a partial character, or what could
     * have begun a stop string) and returns the result. Ended before {@link #step} said so, after
     * {@link #cancel()}, it is CANCELLED.
     */
    public GenerateResult finish(int cachedPromptTokens, long prefillNanos, long decodeNanos) {
        if (!ended && cancelRequested) finish = FinishReason.CANCELLED;
        if (decoder != null && !stoppedByString) {
            StopStrings.Step step = stops.accept(decoder.flush());
            String tail = step.emit() + (step.stopped() ? "" : stops.flush());
            if (step.stopped()) finish = FinishReason.STOP;
            text.append(tail);
            listener.onTail(tail);
        }
        int prompt = req.promptIds().length;
        return new GenerateResult(Arrays.copyOfRange(history, prompt, length), decoder == null ? null : text.toString(),
                finish, prompt, cachedPromptTokens, prefillNanos, decodeNanos);
    }
}
