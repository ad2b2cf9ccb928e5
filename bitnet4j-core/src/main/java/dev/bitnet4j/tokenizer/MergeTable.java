package dev.bitnet4j.tokenizer;

/**
 * BPE merge ranks keyed by the pair of token ids, in an open-addressing table of primitive longs:
 * the 280k Llama 3 merges are looked up millions of times per second without boxing.
 */
final class MergeTable {
    private final long[] keys;
    private final int[] ranks;     // rank + 1; 0 marks an empty slot
    private final int[] merged;    // by rank: the id of the merged token
    private final int mask;

    MergeTable(int count) {
        int capacity = Integer.highestOneBit(Math.max(count, 4) * 2 - 1) << 1;   // load factor ≤ 1/2
        keys = new long[capacity];
        ranks = new int[capacity];
        merged = new int[count];
        mask = capacity - 1;
    }

    /** Sets the merge of rank {@code rank}. A pair listed twice keeps its later rank, as Hugging Face does. */
    void put(int left, int right, int rank, int mergedId) {
        long key = key(left, right);
        int slot = slot(key);
        while (ranks[slot] != 0 && keys[slot] != key) slot = (slot + 1) & mask;
        keys[slot] = key;
        ranks[slot] = rank + 1;
        merged[rank] = mergedId;
    }

    /** The rank of merging {@code left} and {@code right}, or -1 when they do not merge. */
    int rank(int left, int right) {
        long key = key(left, right);
        for (int slot = slot(key); ; slot = (slot + 1) & mask) {
            int r = ranks[slot];
            if (r == 0) return -1;
            if (keys[slot] == key) return r - 1;
        }
    }

    int mergedId(int rank) {
        return merged[rank];
    }

    private static long key(int left, int right) {
        return ((long) left << 32) | (right & 0xFFFFFFFFL);
    }

    private int slot(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h >>> 32) & mask;
    }
}
