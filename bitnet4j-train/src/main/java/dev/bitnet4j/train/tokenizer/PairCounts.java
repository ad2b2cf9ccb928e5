package dev.bitnet4j.train.tokenizer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * The words being merged and, for every adjacent pair of tokens in them, its count (the number of
 * occurrences weighted by word frequency) and the words it occurs in. The heap holds snapshots of
 * (count, pair); a snapshot whose count no longer matches the pair's is stale and skipped, so a count
 * change only pushes a new snapshot.
 */
final class PairCounts {
    /** A pair of token ids. {@code words} may list a word twice or list one that no longer holds the pair. */
    static final class Pair {
        final int left, right;
        long count;
        int[] words = new int[4];
        int wordCount;
        int lastWord = -1;            // the word last appended, to skip repeats within one word
        long touchedInMerge = -1;     // the merge that last changed the count, to push it once per merge

        Pair(int left, int right) {
            this.left = left;
            this.right = right;
        }

        void addWord(int w) {
            if (w == lastWord) return;
            if (wordCount == words.length) words = Arrays.copyOf(words, wordCount * 2);
            words[wordCount++] = w;
            lastWord = w;
        }
    }

    private record Snapshot(long count, Pair pair) {}

    private final int[][] symbols;       // each word's tokens; only the first length[w] are live
    private final int[] length;
    private final long[] frequency;
    private final Map<Long, Pair> pairs = new HashMap<>();
    private final PriorityQueue<Snapshot> heap = new PriorityQueue<>((x, y) -> {
        if (x.count != y.count) return Long.compare(y.count, x.count);       // most frequent first
        if (x.pair.left != y.pair.left) return Integer.compare(x.pair.left, y.pair.left);
        return Integer.compare(x.pair.right, y.pair.right);
    });
    private final List<Pair> touched = new ArrayList<>();
    private long merges;

    PairCounts(int[][] words, long[] frequency) {
        this.symbols = words;
        this.frequency = frequency;
        this.length = new int[words.length];
        for (int w = 0; w < words.length; w++) {
            length[w] = words[w].length;
            add(w, +1);
        }
        pushTouched();
    }

    static long key(int left, int right) {
        return ((long) left << 32) | (right & 0xFFFFFFFFL);
    }

    /** The pair with the highest count (ties: smaller left, then right id) not in {@code excluded}; null when none. */
    Pair best(Set<Long> excluded) {
        for (Snapshot s; (s = heap.poll()) != null; ) {
            Pair p = s.pair;
            if (p.count == s.count && p.count > 0 && !excluded.contains(key(p.left, p.right))) {
                heap.add(s);        // it stays the best until merged; keep it valid for a repeated call
                return p;
            }
        }
        return null;
    }

    /** Replaces every occurrence of {@code pair} (left to right, not overlapping) by token {@code merged}. */
    void merge(Pair pair, int merged) {
        merges++;
        int[] candidates = Arrays.copyOf(pair.words, pair.wordCount);
        for (int w : candidates) {
            if (!holds(w, pair.left, pair.right)) continue;
            add(w, -1);
            length[w] = replace(symbols[w], length[w], pair.left, pair.right, merged);
            add(w, +1);
        }
        pushTouched();
    }

    /** Whether word {@code w} has {@code left} followed by {@code right}. */
    private boolean holds(int w, int left, int right) {
        int[] s = symbols[w];
        for (int i = 0; i + 1 < length[w]; i++) {
            if (s[i] == left && s[i + 1] == right) return true;
        }
        return false;
    }

    /** Merges the pairs in {@code s[0, n)} in place; returns the new length. */
    static int replace(int[] s, int n, int left, int right, int merged) {
        int out = 0;
        for (int i = 0; i < n; ) {
            if (i + 1 < n && s[i] == left && s[i + 1] == right) {
                s[out++] = merged;
                i += 2;
            } else {
                s[out++] = s[i++];
            }
        }
        return out;
    }

    /** Adds ({@code sign} +1) or removes (-1) the pairs of word {@code w} to or from the counts. */
    private void add(int w, int sign) {
        int[] s = symbols[w];
        long f = frequency[w] * sign;
        for (int i = 0; i + 1 < length[w]; i++) {
            long key = key(s[i], s[i + 1]);
            Pair p = pairs.get(key);
            if (p == null) {
                p = new Pair(s[i], s[i + 1]);
                pairs.put(key, p);
            }
            p.count += f;
            if (sign > 0) p.addWord(w);
            if (p.count == 0) pairs.remove(key);      // no word holds it; a later one starts afresh
            if (p.touchedInMerge != merges) {
                p.touchedInMerge = merges;
                touched.add(p);
            }
        }
    }

    private void pushTouched() {
        for (Pair p : touched) {
            if (p.count > 0) heap.add(new Snapshot(p.count, p));
        }
        touched.clear();
    }
}
