package dev.bitnet4j.server;

import dev.bitnet4j.BitNetException;

/**
 * How the server listens and how much work it takes on.
 *
 * @param host         address to bind; loopback by default, so nothing is exposed unless asked
 * @param port         TCP port; 0 picks a free one (tests)
 * @param apiKey       when not null, every /v1 route and /stats need {@code Authorization: Bearer apiKey}
 * @param parallel     generator slots, each with its own KV cache
 * @param contextSize  tokens per slot (capped at the model's maximum)
 * @param maxBodyBytes largest request body accepted; larger ones get 413
 */
public record ServerConfig(String host, int port, String apiKey, int parallel, int contextSize, long maxBodyBytes) {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8080;
    /** 1 MiB: far above any prompt that fits a 4096-token context, far below what could hurt the heap. */
    public static final long DEFAULT_MAX_BODY_BYTES = 1 << 20;
    /** Requests that may wait for a slot, per slot: enough to absorb a burst, few enough to fail fast with 503. */
    public static final int QUEUED_PER_SLOT = 4;

    public ServerConfig {
        if (port < 0 || port > 65535) throw new BitNetException("--port must be between 0 and 65535, found " + port);
        if (parallel < 1 || parallel > 256) throw new BitNetException("--parallel must be between 1 and 256, found " + parallel);
        if (contextSize < 2) throw new BitNetException("--ctx-size must be at least 2, found " + contextSize);
        if (maxBodyBytes < 1) throw new BitNetException("the body limit must be positive, found " + maxBodyBytes);
        if (apiKey != null && apiKey.isBlank()) apiKey = null;
    }

    public ServerConfig(String host, int port, String apiKey, int parallel, int contextSize) {
        this(host, port, apiKey, parallel, contextSize, DEFAULT_MAX_BODY_BYTES);
    }

    /** How many requests may wait for a slot before new ones are refused. */
    public int queueCapacity() {
        return parallel * QUEUED_PER_SLOT;
    }
}
