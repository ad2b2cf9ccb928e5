package dev.bitnet4j.train.tokenizer;

import dev.bitnet4j.tokenizer.PreTokenizer;

import java.util.HashMap;
import java.util.Map;

/**
 * How often each pre-token ("word") occurs in a corpus, the text split exactly as the Llama 3 tokenizer
 * splits it before BPE, so that the merges are learned on the words the tokenizer will later encode.
 * Special-token strings in the text are counted as plain text.
 */
public final class WordCounts {
    private final PreTokenizer preTokenizer = PreTokenizer.llama3();
    private final Map<String, long[]> counts = new HashMap<>();
    private long total;

    /** Counts the words of one piece of text (a document). */
    public void add(String text) {
        preTokenizer.split(text, 0, text.length(), (start, end) -> {
            counts.computeIfAbsent(text.substring(start, end), w -> new long[1])[0]++;
            total++;
        });
    }

    /** The number of different words. */
    public int distinct() {
        return counts.size();
    }

    /** The number of words counted, repeats included. */
    public long total() {
        return total;
    }

    /** Each word and its count; the arrays hold one element and must not be changed. */
    Map<String, long[]> counts() {
        return counts;
    }
}
