package dev.bitnet4j.server;

import dev.bitnet4j.generate.DecodeState;
import dev.bitnet4j.generate.GenerateRequest;
import dev.bitnet4j.generate.GenerateResult;
import dev.bitnet4j.generate.Generator;
import dev.bitnet4j.tokenizer.Tokenizer;

import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * One request's generation as the {@link BatchScheduler} runs it, and what the request's thread waits
 * on. The scheduler thread samples and decodes (through {@link DecodeState}); text goes to the request
 * thread through a queue, so a slow client never holds up the batch: only its own thread blocks on
 * the socket.
 */
final class Sequence {
    private static final Object END = new Object();

    final DecodeState state;
    private final BlockingQueue<Object> texts;   // null unless streamed
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
                // a token that only completes part of a character, or may start a stop string, has no text yet
                if (texts != null && text != null && !text.isEmpty()) texts.add(text);
            }

            @Override
            public void onTail(String text) {
                if (texts != null && !text.isEmpty()) texts.add(text);
            }
        });
    }

    /** Stops the generation at the next step (or before it starts, if still waiting); any thread. */
    void cancel() {
        state.cancel();
    }

    /** The next piece of streamed text, or null once the generation has ended. */
    String nextText() throws InterruptedException {
        Object o = texts.take();
        if (o == END) {
            texts.add(END);   // later calls see the end too
            return null;
        }
        return (String) o;
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
