package dev.bitnet4j.server;

import dev.bitnet4j.generate.DecodeState;
import dev.bitnet4j.generate.GenerateRequest;
import dev.bitnet4j.generate.GenerateResult;
import dev.bitnet4j.generate.Generator;
import dev.bitnet4j.generate.TokenLogprobs;
import dev.bitnet4j.tokenizer.Tokenizer;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * One request's generation as the {@link BatchScheduler} runs it, and what the request's thread waits
 * on. The scheduler thread samples and decodes (through {@link DecodeState}); text goes to the request
 * thread through a queue, each piece with the logprobs of the tokens it completes, so a slow client
 * never holds up the batch: only its own thread blocks on the socket.
 */
final class Sequence {
    private static final Piece END = new Piece(null, List.of());

    /** A piece of streamed text and the logprobs of the tokens it completes (empty unless asked for). */
    record Piece(String text, List<TokenLogprobs> logprobs) {}

    final DecodeState state;
    private final BlockingQueue<Piece> texts;   // null unless streamed
    // tokens' logprobs not yet sent with a piece: the scheduler thread's until the result completes
    private final List<TokenLogprobs> logprobs = new ArrayList<>();
    private final CompletableFuture<GenerateResult> result = new CompletableFuture<>();

    // owned by the scheduler thread
    CacheSlot slot;
    int reused;          // prompt tokens the slot's cache already held
    boolean prefilled;
    long admittedNanos, prefillNanos;

    Sequence(GenerateRequest req, int vocabSize, Tokenizer tokenizer, Set<Integer> eos, boolean streamed) {
        this.texts = streamed ? new LinkedBlockingQueue<>() : null;
        this.state = new DecodeState(req, vocabSize, tokenizer, eos, new Generator.TokenListener() {
            @Override
            public void onToken(int id, String text) {
                onToken(id, text, null);
            }

            @Override
            public void onToken(int id, String text, TokenLogprobs lp) {
                // a token that only completes part of a character, or may start a stop string, has no
                // text yet: its logprobs wait for the piece that carries its text
                if (lp != null) logprobs.add(lp);
                if (text != null) send(text);
            }

            @Override
            public void onTail(String text) {
                send(text);
            }

            private void send(String text) {
                if (texts != null && !text.isEmpty()) texts.add(new Piece(text, drainLogprobs()));
            }
        });
    }

    /** Stops the generation at the next step (or before it starts, if still waiting); any thread. */
    void cancel() {
        state.cancel();
    }

    /** The next piece of streamed text, or null once the generation has ended. */
    Piece nextPiece() throws InterruptedException {
        Piece p = texts.take();
        if (p == END) {
            texts.add(END);   // later calls see the end too
            return null;
        }
        return p;
    }

    /**
     * After {@link #await()}: the logprobs of the tokens no piece carried (all of them unless streamed;
     * streamed, those of tokens with no text, such as a held-back tail cut off by the end).
     */
    List<TokenLogprobs> drainLogprobs() {
        List<TokenLogprobs> out = List.copyOf(logprobs);
        logprobs.clear();
        return out;
    }

    /** Waits for the end; an interrupted wait cancels the generation. Rethrows what failed the batch. */
    GenerateResult await() throws InterruptedException {
        try {
            return result.get();
        } catch (InterruptedException e) {
            cancel();
            throw e;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw new IllegalStateException(e.getCause());
        }
    }

    void complete(GenerateResult r) {
        if (texts != null) texts.add(END);
        result.complete(r);
    }

    void fail(Throwable t) {
        if (texts != null) texts.add(END);
        result.completeExceptionally(t);
    }
}
