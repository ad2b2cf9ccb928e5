/**
 * An OpenAI-compatible HTTP server over one loaded model: {@code /v1/chat/completions},
 * {@code /v1/completions} (both with Server-Sent Events streaming), {@code /v1/models},
 * {@code /health} and {@code /stats}.
 * <p>
 * How a request flows: {@link dev.bitnet4j.server.ApiHandler} routes it, checks the API key and reads
 * the body (size-limited); {@link dev.bitnet4j.server.RequestParser} turns the JSON into a
 * {@link dev.bitnet4j.server.CompletionParams} (every bad parameter a 400 naming it);
 * {@link dev.bitnet4j.server.PromptEncoder} makes the prompt ids; {@link dev.bitnet4j.server.SlotPool}
 * admits the request into a bounded queue (503 when full) and hands it a generator slot;
 * {@link dev.bitnet4j.server.CompletionRunner} generates, answering in one JSON object
 * ({@link dev.bitnet4j.server.OpenAiShapes}) or as events through {@link dev.bitnet4j.server.SseStream}.
 * <p>
 * Concurrency today: N slots, each a {@link dev.bitnet4j.generate.Generator} with its own KV cache,
 * each generating on its request's thread. The model's kernels run one forward pass at a time, so N
 * slots interleave token by token rather than compute together: N concurrent requests share the
 * single-sequence throughput.
 * <p>
 * TODO (issue 6, next step): continuous batching — one batched forward pass per step over every
 * active sequence (each with its own cache and position), so that decoding N sequences reads the
 * weights once instead of N times. That needs a multi-sequence forward in the core
 * ({@code Transformer}); the slot pool is where the scheduler loop would then live.
 */
package dev.bitnet4j.server;
