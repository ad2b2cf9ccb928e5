package dev.bitnet4j.train.tokenizer;

import dev.bitnet4j.tokenizer.ByteLevel;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Byte-level BPE training (as GPT-2's and Hugging Face's trainers): every word starts as its UTF-8
 * bytes; the most frequent adjacent pair of tokens, counted over all words weighted by how often each
 * word occurs, is merged into a new token, and so on until the vocabulary is full.
 *
 * <p>Ties: among pairs of equal count the one with the smaller left id wins, then the smaller right id
 * (ids are given in learning order, bytes first by value), so the result depends only on the word counts.
 *
 * <p>Pair counts are kept up to date incrementally ({@link PairCounts}): a merge touches only the words
 * that hold its pair, and the next best pair comes from a heap, so training costs about the total
 * length of the words the merges touch rather than a scan of the corpus per merge.
 */
final class BpeTrainer {
    private BpeTrainer() {}

    /**
     * Learns merges until there are {@code tokenCount} tokens (the 256 bytes included), or fewer when no pair
     * occurring at least {@code minFrequency} times is left.
     */
    static BpeVocabulary learn(WordCounts counts, int tokenCount, long minFrequency) {
        if (tokenCount < 256) throw new IllegalArgumentException("fewer than the 256 byte tokens: " + tokenCount);
        List<String> tokens = new ArrayList<>(tokenCount);
        Map<String, Integer> ids = new HashMap<>();
        for (int b = 0; b < 256; b++) {
            tokens.add(String.valueOf(ByteLevel.toChar(b)));
            ids.put(tokens.get(b), b);
        }
        PairCounts pairs = new PairCounts(words(counts), frequencies(counts));
        List<String> merges = new ArrayList<>();
        Set<Long> merged = new HashSet<>();      // a pair is merged once, even if a reused token brings it back
        while (tokens.size() < tokenCount) {
            PairCounts.Pair best = pairs.best(merged);
            if (best == null || best.count < minFrequency) break;     // the caller reports the shortfall
            String left = tokens.get(best.left), right = tokens.get(best.right), joined = left + right;
            merges.add(left + " " + right);
            merged.add(PairCounts.key(best.left, best.right));
            // Two merges can spell the same string ("ab"+"c", "a"+"bc"); both then give the one token.
            Integer id = ids.get(joined);
            if (id == null) {
                id = tokens.size();
                tokens.add(joined);
                ids.put(joined, id);
            }
            pairs.merge(best, id);
        }
        return new BpeVocabulary(tokens, merges);
    }

    private static int[][] words(WordCounts counts) {
        int[][] words = new int[counts.distinct()][];
        int w = 0;
        for (String word : counts.counts().keySet()) {
            byte[] bytes = word.getBytes(StandardCharsets.UTF_8);
            int[] symbols = new int[bytes.length];
            for (int i = 0; i < bytes.length; i++) symbols[i] = bytes[i] & 0xFF;
            words[w++] = symbols;
        }
        return words;
    }

    private static long[] frequencies(WordCounts counts) {
        long[] f = new long[counts.distinct()];
        int w = 0;
        for (long[] c : counts.counts().values()) f[w++] = c[0];     // the same iteration order as words()
        return f;
    }
}
