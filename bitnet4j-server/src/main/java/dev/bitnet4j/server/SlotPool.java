package dev.bitnet4j.server;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.bitnet4j.generate.GenerateResult;
import dev.bitnet4j.generate.Generator;
import dev.bitnet4j.model.BitNetModel;
import dev.bitnet4j.tokenizer.Tokenizer;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * N generator slots behind a bounded queue. A request is admitted when fewer than slots + queue
 * capacity requests are in the server (else 503), then waits for a free slot; each slot is a
 * {@link Generator} with its own KV cache, kept between requests (a follow-up turn of the same
 * conversation reuses the cached prefix when it lands on the same slot).
 */
final class SlotPool {
    /** What the server is doing now and has done: for /stats and the tests. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Stats(int slots, int active, int waiting, int queueCapacity, long completed, long cancelled, long rejected) {}

    private final int slots;
    private final int queueCapacity;
    private final int contextSize;
    private final BlockingQueue<Generator> free;
    private final Semaphore admission;
    private final AtomicInteger active = new AtomicInteger();
    private final AtomicInteger waiting = new AtomicInteger();
    private final AtomicLong completed = new AtomicLong();
    private final AtomicLong cancelled = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();

    SlotPool(BitNetModel model, Tokenizer tokenizer, int slots, int contextSize, int queueCapacity) {
        this.slots = slots;
        this.queueCapacity = queueCapacity;
        this.free = new ArrayBlockingQueue<>(slots);
        for (int i = 0; i < slots; i++) free.add(new Generator(model, tokenizer, contextSize));
        this.contextSize = free.element().contextSize();   // the model may cap the size asked for
        this.admission = new Semaphore(slots + queueCapacity);
    }

    /** Context size of every slot. */
    int contextSize() {
        return contextSize;
    }

    /** Waits for a free slot; a 503 at once when the queue is full. Close the lease to give the slot back. */
    Lease acquire() throws InterruptedException {
        if (!admission.tryAcquire()) {
            rejected.incrementAndGet();
            throw new ApiError(503, "server_error", "the server is busy: " + slots + " slots in use and "
                    + queueCapacity + " requests waiting; retry later", null, "queue_full");
        }
        waiting.incrementAndGet();
        Generator g;
        try {
            g = free.take();
        } catch (InterruptedException e) {
            admission.release();
            throw e;
        } finally {
            waiting.decrementAndGet();
        }
        active.incrementAndGet();
        return new Lease(g);
    }

    Stats stats() {
        return new Stats(slots, active.get(), waiting.get(), queueCapacity, completed.get(), cancelled.get(), rejected.get());
    }

    /** One request's hold on a slot. */
    final class Lease implements AutoCloseable {
        private final Generator generator;
        private boolean closed;

        private Lease(Generator generator) {
            this.generator = generator;
        }

        Generator generator() {
            return generator;
        }

        /** Counts how the generation ended. */
        void finished(GenerateResult.FinishReason reason) {
            (reason == GenerateResult.FinishReason.CANCELLED ? cancelled : completed).incrementAndGet();
        }

        @Override
        public void close() {
            if (closed) return;
            closed = true;
            active.decrementAndGet();
            free.add(generator);
            admission.release();
        }
    }
}
