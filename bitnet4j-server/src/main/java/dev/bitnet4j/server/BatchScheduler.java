package dev.bitnet4j.server;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.bitnet4j.generate.GenerateRequest;
import dev.bitnet4j.generate.GenerateResult;
import dev.bitnet4j.generate.Generator;
import dev.bitnet4j.model.BatchWorkspace;
import dev.bitnet4j.model.BitNetModel;
import dev.bitnet4j.model.KVCache;
import dev.bitnet4j.tokenizer.Tokenizer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Continuous batching: one thread runs decode steps, each ONE batched forward pass
 * ({@link BitNetModel#forwardBatch}) over every active sequence, so N sequences read the weights once
 * per step instead of N times. Up to {@code parallel} sequences are active, each with its own KV cache
 * ({@link CacheSlot}) and sampling state; a request that arrives while others run waits in a bounded
 * queue and joins at the next step, its prompt running as rows of that same pass (a long prompt thus
 * delays the others' next token by its prefill time); finished and cancelled sequences leave after
 * the step that ended them. Beyond parallel + queue capacity requests, {@link #submit} answers 503.
 */
final class BatchScheduler implements AutoCloseable {
    /** What the server is doing now and has done: for /stats, /metrics and the tests. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Stats(int slots, int active, int waiting, int queueCapacity, long completed, long cancelled, long rejected) {}

    private final BitNetModel model;
    private final Tokenizer tokenizer;
    private final Set<Integer> eos;
    private final int parallel, queueCapacity, contextSize, vocab;
    private final Metrics metrics;
    private final Semaphore admission;
    private final LinkedBlockingQueue<Sequence> waiting = new LinkedBlockingQueue<>();
    private final List<CacheSlot> freeSlots = new ArrayList<>();   // scheduler thread only
    private final List<Sequence> active = new ArrayList<>();       // scheduler thread only
    private final BatchWorkspace workspace = new BatchWorkspace();
    private final AtomicLong completed = new AtomicLong(), cancelled = new AtomicLong(), rejected = new AtomicLong();
    private volatile int activeCount;
    private volatile boolean closed;
    private final Thread thread;

    BatchScheduler(BitNetModel model, Tokenizer tokenizer, int parallel, int contextSize, int queueCapacity, Metrics metrics) {
        this.model = model;
        this.tokenizer = tokenizer;
        this.parallel = parallel;
        this.queueCapacity = queueCapacity;
        this.metrics = metrics;
        this.vocab = model.config().vocabSize();
        for (int i = 0; i < parallel; i++) freeSlots.add(new CacheSlot(model.newCache(contextSize)));
        this.contextSize = freeSlots.getFirst().cache.contextSize();   // the model may cap the size asked for
        this.eos = Generator.eosIds(model, tokenizer);
        this.admission = new Semaphore(parallel + queueCapacity);
        this.thread = Thread.ofPlatform().name("bitnet4j-scheduler").daemon().start(this::loop);
    }

    /** Context size of every sequence. */
    int contextSize() {
        return contextSize;
    }

    /**
     * Queues a generation; it joins the batch at the next step with a free slot. A 503 at once when
     * the queue is full; a BitNetException (a 400) when the prompt does not fit the model.
     */
    Sequence submit(GenerateRequest req, boolean streamed) {
        Generator.check(model, tokenizer, contextSize, req);
        if (closed || !admission.tryAcquire()) {
            rejected.incrementAndGet();
            throw new ApiError(503, ApiError.SERVER_ERROR, "the server is busy: " + parallel + " sequences generating and "
                    + queueCapacity + " requests waiting; retry later", null, "queue_full");
        }
        Sequence s = new Sequence(req, vocab, tokenizer, eos, streamed);
        waiting.add(s);
        return s;
    }

    Stats stats() {
        return new Stats(parallel, activeCount, waiting.size(), queueCapacity, completed.get(), cancelled.get(), rejected.get());
    }

    private void loop() {
        try {
            while (!closed) {
                admit();
                if (!active.isEmpty()) step();
            }
        } catch (InterruptedException e) {
            // closing
        }
        for (Sequence s : active) s.fail(ApiError.shuttingDown());
        for (Sequence s; (s = waiting.poll()) != null; ) s.fail(ApiError.shuttingDown());
    }

    /**
     * Ends the waiting sequences already cancelled (without waiting for a slot), then moves waiting
     * ones into the batch while slots are free; blocks while there is nothing to do.
     */
    private void admit() throws InterruptedException {
        for (Sequence s : waiting) {
            if (s.state.cancelRequested() && waiting.remove(s)) finishWithoutSlot(s);   // its client has gone
        }
        while (active.size() < parallel) {
            Sequence s = active.isEmpty() ? waiting.poll(100, TimeUnit.MILLISECONDS) : waiting.poll();
            if (s == null) return;
            if (s.state.cancelRequested() || s.state.request().maxTokens() == 0) {
                finishWithoutSlot(s);
                continue;
            }
            int[] prompt = s.state.request().promptIds();
            CacheSlot best = null;
            int reused = -1;
            for (CacheSlot c : freeSlots) {
                int shared = c.sharedPrefix(prompt);
                if (shared > reused) {
                    best = c;
                    reused = shared;
                }
            }
            freeSlots.remove(best);
            s.slot = best;
            s.reused = reused;
            best.cache.truncate(reused);
            s.admittedNanos = System.nanoTime();
            active.add(s);
        }
        activeCount = active.size();
    }

    /** One batched pass: each new sequence's prompt, each running one's last token; then one sample each. */
    private void step() {
        active.removeIf(s -> s.state.cancelRequested() && release(s));
        activeCount = active.size();
        if (active.isEmpty()) return;
        int n = active.size();
        int[][] tokens = new int[n][];
        KVCache[] caches = new KVCache[n];
        for (int i = 0; i < n; i++) {
            Sequence s = active.get(i);
            int[] prompt = s.state.request().promptIds();
            tokens[i] = s.prefilled ? new int[]{s.state.lastToken()} : Arrays.copyOfRange(prompt, s.reused, prompt.length);
            caches[i] = s.slot.cache;
        }
        float[] logits;
        try {
            logits = model.forwardBatch(tokens, caches, workspace);
        } catch (RuntimeException e) {
            for (Sequence s : active) {
                s.slot.cache.truncate(0);
                s.slot.cached = new int[0];
                freeSlots.add(s.slot);
                admission.release();
                s.fail(e);
            }
            active.clear();
            activeCount = 0;
            return;
        }
        long now = System.nanoTime();
        List<Sequence> done = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Sequence s = active.get(i);
            if (!s.prefilled) {
                s.prefilled = true;
                s.prefillNanos = now - s.admittedNanos;
            }
            KVCache c = s.slot.cache;
            if (!s.state.step(logits, i * vocab, c.length() == c.contextSize())) done.add(s);
        }
        metrics.generated(n);
        for (Sequence s : done) release(s);
        active.removeAll(done);
        activeCount = active.size();
    }

    /** Ends a sequence that held a slot: the slot keeps what its cache holds, for the next request's prefix. */
    private boolean release(Sequence s) {
        s.slot.cached = s.state.tokens(s.slot.cache.length());
        freeSlots.add(s.slot);
        long decodeNanos = System.nanoTime() - s.admittedNanos - s.prefillNanos;
        finish(s, s.state.finish(s.reused, s.prefillNanos, decodeNanos));
        return true;
    }

    private void finishWithoutSlot(Sequence s) {
        finish(s, s.state.finish(0, 0, 0));
    }

    private void finish(Sequence s, GenerateResult r) {
        admission.release();
        (r.finishReason() == GenerateResult.FinishReason.CANCELLED ? cancelled : completed).incrementAndGet();
        metrics.tokens(r.promptTokens(), r.completionTokens());
        s.complete(r);
    }

    /** Stops the scheduler: running and waiting requests end with a 503. */
    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
