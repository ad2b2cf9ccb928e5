package dev.bitnet4j.server;

import dev.bitnet4j.generate.Generator;
import dev.bitnet4j.model.KVCache;

/**
 * One of the scheduler's KV caches and the tokens it holds. Caches outlive requests: a follow-up turn
 * of a conversation reuses the prefix it shares with what a free slot already holds.
 */
final class CacheSlot {
    final KVCache cache;
    int[] cached = new int[0];

    CacheSlot(KVCache cache) {
        this.cache = cache;
    }

    /** See {@link Generator#reusablePrefix}. */
    int sharedPrefix(int[] prompt) {
        return Generator.reusablePrefix(cached, prompt);
    }
}
