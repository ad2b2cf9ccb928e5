package dev.bitnet4j.tokenizer;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Text to ids, in Hugging Face's order: split out added tokens, pre-tokenize each stretch between
 * them, then BPE each pre-token. Pre-tokens repeat a lot in real text (" the", ","), so their ids
 * are cached; the cache is bounded and thread-safe, and cleared when full, which keeps it simple
 * and keeps the currently hot words.
 */
final class Encoder {
    static final int DEFAULT_CACHE_CAPACITY = 16_384;
    private static final int MAX_CACHED_LENGTH = 64;     // long runs (pasted data, whitespace) are rarely repeated

    private final AddedTokens added;
    private final PreTokenizer preTokenizer;
    private final Bpe bpe;
    private final int cacheCapacity;
    private final ConcurrentHashMap<String, int[]> cache = new ConcurrentHashMap<>();

    Encoder(AddedTokens added, PreTokenizer preTokenizer, Bpe bpe, int cacheCapacity) {
        this.added = added;
        this.preTokenizer = preTokenizer;
        this.bpe = bpe;
        this.cacheCapacity = cacheCapacity;
    }

    /** The same encoder with its own, empty cache of the given capacity (0: no cache). */
    Encoder withCacheCapacity(int capacity) {
        if (capacity < 0) throw new IllegalArgumentException("cache capacity < 0: " + capacity);
        return new Encoder(added, preTokenizer, bpe, capacity);
    }

    void encode(String text, boolean parseSpecial, IntList out) {
        int pos = 0;
        for (AddedTokens.Match m; (m = added.find(text, pos, parseSpecial)) != null; pos = m.end()) {
            encodeOrdinary(text, pos, m.start(), out);
            out.add(m.id());
        }
        encodeOrdinary(text, pos, text.length(), out);
    }

    private void encodeOrdinary(String text, int from, int to, IntList out) {
        if (from >= to) return;
        String plain = AddedTokens.unprotect(text.substring(from, to));
        preTokenizer.split(plain, 0, plain.length(), (start, end) -> out.addAll(word(plain.substring(start, end))));
    }

    String protect(String text) {
        return added.protect(text);
    }

    private int[] word(String word) {
        if (cacheCapacity == 0) return bpe.encode(word);
        int[] ids = cache.get(word);
        if (ids == null) {
            ids = bpe.encode(word);
            if (word.length() <= MAX_CACHED_LENGTH) {
                if (cache.size() >= cacheCapacity) cache.clear();
                cache.put(word, ids);
            }
        }
        return ids;
    }
}
