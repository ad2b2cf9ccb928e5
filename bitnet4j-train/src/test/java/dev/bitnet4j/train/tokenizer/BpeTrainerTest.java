package dev.bitnet4j.train.tokenizer;

import dev.bitnet4j.tokenizer.ByteLevel;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/** The incremental trainer against a plain one that recounts every pair before each merge. */
class BpeTrainerTest {

    @Test
    void incrementalCountsGiveTheMergesOfRecountingEveryStep() {
        Random r = new Random(7);
        String[] syllables = {"ab", "ba", "a", "b", "aab", "abab", "c", "ca", "é", "😀", " "};
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 3000; i++) {
            sb.append(syllables[r.nextInt(syllables.length)]);
            if (r.nextInt(4) == 0) sb.append(' ');
        }
        WordCounts words = new WordCounts();
        words.add(sb.toString());
        int size = 256 + 60;
        assertEquals(plainMerges(words, size, 2), BpeTrainer.learn(words, size, 2).merges());
    }

    @Test
    void replaceMergesLeftToRightWithoutOverlap() {
        int[] s = {1, 1, 1, 2, 1, 1};
        assertEquals(4, PairCounts.replace(s, 6, 1, 1, 9));
        assertArrayEquals(new int[]{9, 1, 2, 9}, java.util.Arrays.copyOf(s, 4));
    }

    /** BPE training with every pair recounted from scratch before each merge; the same tie-break. */
    private static List<String> plainMerges(WordCounts counts, int tokenCount, long minFrequency) {
        List<String> tokens = new ArrayList<>();
        for (int b = 0; b < 256; b++) tokens.add(String.valueOf(ByteLevel.toChar(b)));
        List<List<Integer>> words = new ArrayList<>();
        List<Long> freq = new ArrayList<>();
        counts.counts().forEach((w, c) -> {
            List<Integer> s = new ArrayList<>();
            for (byte b : w.getBytes(StandardCharsets.UTF_8)) s.add(b & 0xFF);
            words.add(s);
            freq.add(c[0]);
        });
        List<String> merges = new ArrayList<>();
        Set<List<Integer>> merged = new HashSet<>();
        while (tokens.size() < tokenCount) {
            Map<List<Integer>, Long> pairs = new HashMap<>();
            for (int w = 0; w < words.size(); w++) {
                List<Integer> s = words.get(w);
                for (int i = 0; i + 1 < s.size(); i++) pairs.merge(List.of(s.get(i), s.get(i + 1)), freq.get(w), Long::sum);
            }
            List<Integer> best = null;
            long bestCount = 0;
            for (var e : pairs.entrySet()) {
                List<Integer> p = e.getKey();
                if (merged.contains(p)) continue;
                long c = e.getValue();
                if (best == null || c > bestCount || c == bestCount && (p.get(0) < best.get(0)
                        || p.get(0).equals(best.get(0)) && p.get(1) < best.get(1))) {
                    best = p;
                    bestCount = c;
                }
            }
            if (best == null || bestCount < minFrequency) fail("ran out of pairs");
            merged.add(best);
            String joined = tokens.get(best.get(0)) + tokens.get(best.get(1));
            merges.add(tokens.get(best.get(0)) + " " + tokens.get(best.get(1)));
            int id = tokens.indexOf(joined);
            if (id < 0) {
                id = tokens.size();
                tokens.add(joined);
            }
            for (List<Integer> s : words) {
                for (int i = 0; i + 1 < s.size(); i++) {
                    if (s.get(i).equals(best.get(0)) && s.get(i + 1).equals(best.get(1))) {
                        s.set(i, id);
                        s.remove(i + 1);
                    }
                }
            }
        }
        return merges;
    }
}
