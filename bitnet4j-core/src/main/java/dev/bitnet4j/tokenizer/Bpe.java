package dev.bitnet4j.tokenizer;

import java.util.Arrays;
import java.util.Map;

/**
 * Byte-level BPE on one pre-token: its UTF-8 bytes become byte-alphabet tokens, then the adjacent
 * pair of lowest merge rank is merged (the leftmost one on ties) until no pair merges. A binary heap
 * of (rank, position) keeps this O(n log n), so a megabyte of spaces cannot stall it.
 */
final class Bpe {
    private final Map<String, Integer> vocab;
    private final MergeTable merges;
    private final boolean ignoreMerges;
    private final int[] byteIds;     // vocab id of each byte's byte-level character

    Bpe(Map<String, Integer> vocab, MergeTable merges, boolean ignoreMerges, int[] byteIds) {
        this.vocab = vocab;
        this.merges = merges;
        this.ignoreMerges = ignoreMerges;
        this.byteIds = byteIds;
    }

    /** The ids of one pre-token. */
    int[] encode(String word) {
        byte[] bytes = Utf8.encode(word);
        if (ignoreMerges) {
            // Llama 3 sets ignore_merges: a pre-token that is itself in the vocabulary is one token,
            // even where merging by rank would have split it differently.
            char[] chars = new char[bytes.length];
            for (int i = 0; i < bytes.length; i++) chars[i] = ByteLevel.toChar(bytes[i]);
            Integer id = vocab.get(new String(chars));
            if (id != null) return new int[] {id};
        }
        int[] ids = new int[bytes.length];
        for (int i = 0; i < bytes.length; i++) ids[i] = byteIds[bytes[i] & 0xFF];
        return merge(ids);
    }

    /** Merges in place; a merged-away symbol gets id -1. */
    private int[] merge(int[] ids) {
        int n = ids.length;
        if (n < 2) return ids;
        int[] prev = new int[n], next = new int[n];
        for (int i = 0; i < n; i++) {
            prev[i] = i - 1;
            next[i] = i + 1 < n ? i + 1 : -1;
        }
        Heap heap = new Heap(n);
        for (int i = 0; i + 1 < n; i++) heap.push(merges.rank(ids[i], ids[i + 1]), i);
        int count = n;
        while (!heap.isEmpty()) {
            long top = heap.pop();
            int rank = (int) (top >>> 32), pos = (int) top;
            int right = next[pos];
            // Entries go stale when a neighbour merges first; the pair still there must have this rank.
            if (ids[pos] < 0 || right < 0 || merges.rank(ids[pos], ids[right]) != rank) continue;
            ids[pos] = merges.mergedId(rank);
            ids[right] = -1;
            count--;
            next[pos] = next[right];
            if (next[pos] >= 0) prev[next[pos]] = pos;
            if (prev[pos] >= 0) heap.push(merges.rank(ids[prev[pos]], ids[pos]), prev[pos]);
            if (next[pos] >= 0) heap.push(merges.rank(ids[pos], ids[next[pos]]), pos);
        }
        int[] out = new int[count];
        for (int i = 0, k = 0; i >= 0; i = next[i]) out[k++] = ids[i];
        return out;
    }

    /** A min-heap of (rank << 32 | position): lowest rank first, then leftmost. */
    private static final class Heap {
        private long[] items;
        private int size;

        Heap(int capacity) {
            items = new long[capacity];
        }

        boolean isEmpty() {
            return size == 0;
        }

        void push(int rank, int pos) {
            if (rank < 0) return;      // the pair does not merge
            if (size == items.length) items = Arrays.copyOf(items, size * 2);
            long item = ((long) rank << 32) | pos;
            int i = size++;
            while (i > 0) {
                int parent = (i - 1) >>> 1;
                if (items[parent] <= item) break;
                items[i] = items[parent];
                i = parent;
            }
            items[i] = item;
        }

        long pop() {
            long top = items[0];
            long last = items[--size];
            int i = 0;
            while (true) {
                int child = 2 * i + 1;
                if (child >= size) break;
                if (child + 1 < size && items[child + 1] < items[child]) child++;
                if (last <= items[child]) break;
                items[i] = items[child];
                i = child;
            }
            items[i] = last;
            return top;
        }
    }
}
