package dev.bitnet4j.tokenizer;

/**
 * A hand-written scanner equivalent to Llama 3's split regex ({@link PreTokenizer#LLAMA3_PATTERN}),
 * several times faster than java.util.regex on it. At each position it tries the alternatives in
 * the regex's order and returns the end of the first that matches, as a backtracking engine would:
 * <ol>
 *   <li>{@code (?i:'s|'t|'re|'ve|'m|'ll|'d)} contractions</li>
 *   <li>{@code [^\r\n\p{L}\p{N}]?\p{L}+} a word with an optional leading space or symbol</li>
 *   <li>{@code \p{N}{1,3}} up to three digits</li>
 *   <li>{@code  ?[^\s\p{L}\p{N}]+[\r\n]*} symbols, optionally after a space, with trailing newlines</li>
 *   <li>{@code \s*[\r\n]+} whitespace up to and including its last newline</li>
 *   <li>{@code \s+(?!\S)} whitespace, less the one character that precedes a word</li>
 *   <li>{@code \s+} whitespace</li>
 * </ol>
 * Every character is a letter, a number, whitespace or "other", so some alternative always matches.
 * {@code RegexPreTokenizer} with the same pattern is the reference; tests compare the two.
 */
final class Llama3PreTokenizer implements PreTokenizer {
    private static final byte LETTER = 1, NUMBER = 2, SPACE = 3, OTHER = 4;
    private static final byte[] ASCII = new byte[128];

    static {
        for (int c = 0; c < 128; c++) ASCII[c] = classify(c);
    }

    @Override
    public void split(String text, int from, int to, Sink sink) {
        for (int i = from; i < to; ) {
            int end = matchAt(text, i, to);
            sink.piece(i, end);
            i = end;
        }
    }

    /** The end of the regex match starting at {@code i}. */
    private static int matchAt(String s, int i, int to) {
        int c = codePointAt(s, i, to);
        int cls = classOf(c);
        int next = i + Character.charCount(c);
        if (c == '\'') {
            int end = contraction(s, next, to);
            if (end > 0) return end;
        }
        if (cls == LETTER) return skip(s, i, to, LETTER);
        if (cls != NUMBER && c != '\r' && c != '\n' && next < to && classOf(codePointAt(s, next, to)) == LETTER) {
            return skip(s, next, to, LETTER);
        }
        if (cls == NUMBER) return digits(s, i, to);
        if (cls == OTHER) return newlines(s, skip(s, i, to, OTHER), to);
        if (c == ' ' && next < to && classOf(codePointAt(s, next, to)) == OTHER) {
            return newlines(s, skip(s, next, to, OTHER), to);
        }
        int end = skip(s, i, to, SPACE);               // all whitespace is in the BMP: one char each
        for (int k = end - 1; k >= i; k--) {
            char ch = s.charAt(k);
            if (ch == '\r' || ch == '\n') return k + 1;     // \s*[\r\n]+ backtracks to the last newline
        }
        if (end == to || end - i == 1) return end;     // \s+(?!\S) takes it all at the end; else \s+
        return end - 1;                                // leave one space to lead the next word
    }

    /** The end of a case-insensitive contraction after an apostrophe at {@code i - 1}, or -1. */
    private static int contraction(String s, int i, int to) {
        if (i >= to) return -1;
        char a = Character.toLowerCase(s.charAt(i));
        if (a == 's' || a == 't' || a == 'm' || a == 'd' || a == '\u017F') return i + 1;  // ſ folds to s
        if (i + 1 >= to) return -1;
        char b = Character.toLowerCase(s.charAt(i + 1));
        boolean two = (a == 'r' && b == 'e') || (a == 'v' && b == 'e') || (a == 'l' && b == 'l');
        return two ? i + 2 : -1;
    }

    /** {@code \p{N}{1,3}}. */
    private static int digits(String s, int i, int to) {
        for (int n = 0; n < 3 && i < to; n++) {
            int c = codePointAt(s, i, to);
            if (classOf(c) != NUMBER) break;
            i += Character.charCount(c);
        }
        return i;
    }

    /** {@code [\r\n]*}. */
    private static int newlines(String s, int i, int to) {
        while (i < to && (s.charAt(i) == '\r' || s.charAt(i) == '\n')) i++;
        return i;
    }

    /** The end of the run of characters of class {@code cls} starting at {@code i}. */
    private static int skip(String s, int i, int to, byte cls) {
        while (i < to) {
            char ch = s.charAt(i);
            if (ch < 128) {
                if (ASCII[ch] != cls) break;
                i++;
            } else {
                int c = codePointAt(s, i, to);
                if (classOf(c) != cls) break;
                i += Character.charCount(c);
            }
        }
        return i;
    }

    private static int classOf(int c) {
        return c < 128 ? ASCII[c] : classify(c);
    }

    private static byte classify(int c) {
        return CharClasses.isLetter(c) ? LETTER : CharClasses.isNumber(c) ? NUMBER
                : CharClasses.isWhiteSpace(c) ? SPACE : OTHER;
    }

    /** The code point at {@code i}, not pairing a surrogate across {@code to}; a lone surrogate stands alone. */
    private static int codePointAt(String s, int i, int to) {
        char hi = s.charAt(i);
        if (Character.isHighSurrogate(hi) && i + 1 < to) {
            char lo = s.charAt(i + 1);
            if (Character.isLowSurrogate(lo)) return Character.toCodePoint(hi, lo);
        }
        return hi;
    }
}
