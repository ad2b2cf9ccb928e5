package dev.bitnet4j.tokenizer;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds added tokens (such as {@code <|eot_id|>}) in text, the way Hugging Face's AddedVocabulary
 * does: leftmost match first, longest among those starting there; lstrip/rstrip widen a match over
 * the whitespace beside it (which then belongs to the token); a single_word token is skipped when
 * a word character touches it. The normalized flag needs no handling: we accept no normalizer, so
 * normalized and raw text are the same.
 */
final class AddedTokens {
    record Token(int id, String content, boolean special, boolean lstrip, boolean rstrip, boolean singleWord) {}

    /** An added token found at {@code text[start, end)}, stripped whitespace included. */
    record Match(int id, int start, int end) {}

    private final Map<Character, Token[]> byFirstChar = new HashMap<>();   // longest first
    private final BitSet firstChars = new BitSet(), firstCharsNonSpecial = new BitSet();

    AddedTokens(List<Token> tokens) {
        Map<Character, List<Token>> groups = new HashMap<>();
        for (Token t : tokens) {
            if (t.content().isEmpty()) continue;            // Hugging Face ignores empty added tokens too
            char first = t.content().charAt(0);
            groups.computeIfAbsent(first, k -> new ArrayList<>()).add(t);
            firstChars.set(first);
            if (!t.special()) firstCharsNonSpecial.set(first);
        }
        groups.forEach((c, list) -> byFirstChar.put(c, list.stream()
                .sorted(Comparator.comparingInt((Token t) -> t.content().length()).reversed()).toArray(Token[]::new)));
    }

    /**
     * The first added token in {@code text} at or after {@code from}, or null. With
     * {@code includeSpecial} false, special tokens are plain text (non-special added tokens still
     * match, as with Hugging Face's encode_special_tokens).
     */
    Match find(String text, int from, boolean includeSpecial) {
        BitSet first = includeSpecial ? firstChars : firstCharsNonSpecial;
        for (int i = first.isEmpty() ? text.length() : from; i < text.length(); i++) {
            if (!first.get(text.charAt(i))) continue;
            Token t = longestAt(text, i, includeSpecial);
            if (t == null) continue;
            int end = i + t.content().length();
            if (t.singleWord() && !standsAlone(text, i, end)) {
                i = end - 1;       // Hugging Face drops the match and searches on after it
                continue;
            }
            int start = i;
            if (t.lstrip()) while (start > from && CharClasses.isWhiteSpace(text.charAt(start - 1))) start--;
            // Stripped whitespace is consumed: the next search starts after it (Hugging Face resumes
            // inside it, which only matters for an added token that itself starts with whitespace).
            if (t.rstrip()) while (end < text.length() && CharClasses.isWhiteSpace(text.charAt(end))) end++;
            return new Match(t.id(), start, end);
        }
        return null;
    }

    /**
     * User text made safe to embed in a template's output: a noncharacter (U+FDD0, reserved by Unicode
     * for internal use) goes after the first character of every added-token string, so no later
     * search matches it; {@link #unprotect} removes the marks before BPE. A U+FDD0 already in the
     * text becomes U+FFFD.
     */
    String protect(String text) {
        StringBuilder sb = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            sb.append(c == MARK ? '\uFFFD' : c);
            if (firstChars.get(c) && longestAt(text, i, true) != null) sb.append(MARK);
        }
        return sb.toString();
    }

    static String unprotect(String text) {
        return text.indexOf(MARK) < 0 ? text : text.replace(String.valueOf(MARK), "");
    }

    static final char MARK = '\uFDD0';

    private Token longestAt(String text, int i, boolean includeSpecial) {
        for (Token t : byFirstChar.get(text.charAt(i))) {
            if ((includeSpecial || !t.special()) && text.startsWith(t.content(), i)) return t;
        }
        return null;
    }

    private static boolean standsAlone(String text, int start, int end) {
        return (start == 0 || !CharClasses.isWordChar(text.codePointBefore(start)))
                && (end == text.length() || !CharClasses.isWordChar(text.codePointAt(end)));
    }
}
