/**
 * An OpenAI-compatible HTTP server over one loaded model: {@code /v1/chat/completions},
 * {@code /v1/completions} (both with Server-Sent Events streaming), {@code /v1/models},
 * {@code /health}, {@code /stats} and {@code /metrics} (Prometheus text).
 * <p>
 * How a request flows: {@link dev.bitnet4j.server.ApiHandler} routes it, checks the API key and reads
 * the body (size-limited); {@link dev.bitnet4j.server.RequestParser} turns the JSON into a
 * {@link dev.bitnet4j.server.CompletionParams} (every bad parameter a 400 naming it);
 * {@link dev.bitnet4j.server.PromptEncoder} makes the prompt ids; {@link dev.bitnet4j.server.CompletionRunner}
 * submits a {@link dev.bitnet4j.server.Sequence} to the {@link dev.bitnet4j.server.BatchScheduler}
 * (a bounded queue: 503 when full) and answers in one JSON object ({@link dev.bitnet4j.server.OpenAiShapes})
 * or as events through {@link dev.bitnet4j.server.SseStream}, writing from the request's own thread.
 * <p>
 * Concurrency is continuous batching. One scheduler thread runs decode steps; each step is one batched
 * forward pass over every active sequence (up to {@code --parallel}, each with its own KV cache in a
 * {@link dev.bitnet4j.server.CacheSlot} and its own sampler and stop strings), so the ternary weights
 * are read once per step for all of them. A request that arrives meanwhile joins at the next step: its
 * prompt runs as extra rows of that same pass. A sequence leaves the batch when it ends or is
 * cancelled. A request whose client closes the connection is cancelled, streamed or not, running or
 * still queued (a cancelled request leaves the queue at once): {@link dev.bitnet4j.server.ClientWatch}
 * reads the socket's end of stream on HTTP/1.1, and a failed write tells the same for a stream.
 * {@link dev.bitnet4j.server.Metrics} counts requests and tokens for {@code /metrics}.
 */
package dev.bitnet4j.server;
