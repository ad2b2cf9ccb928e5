package dev.bitnet4j.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;

/** The hand-written Llama 3 scanner against java.util.regex running the pattern itself. */
class Llama3PreTokenizerTest {
    static final PreTokenizer SCANNER = new Llama3PreTokenizer();
    static final PreTokenizer REGEX = new RegexPreTokenizer(PreTokenizer.LLAMA3_PATTERN);

    static List<String> pieces(PreTokenizer p, String text, int from, int to) {
        List<String> out = new ArrayList<>();
        p.split(text, from, to, (s, e) -> out.add(text.substring(s, e)));
        return out;
    }

    static List<String> pieces(PreTokenizer p, String text) {
        return pieces(p, text, 0, text.length());
    }

    static void assertSame(String text) {
        assertEquals(pieces(REGEX, text), pieces(SCANNER, text), () -> escape(text));
    }

    @Test
    void fixtureTexts() throws IOException {
        int n = 0;
        for (String file : List.of("encode-cases.jsonl", "encode-disputed.jsonl", "decode-cases.jsonl")) {
            for (JsonNode c : DecodeCasesTest.cases(file)) {
                assertSame(c.get("text").asText());
                n++;
            }
        }
        assertEquals(613 + 1 + 44, n);
    }

    @Test
    void examples() {
        // Digits never take a leading space, and come in threes.
        assertEquals(List.of("Hello", ",", " world", "!\n\n", "I", "'m", "  ", " ", "123", "456"),
                pieces(SCANNER, "Hello, world!\n\nI'm   123456"));
        assertEquals(List.of("a", "  ", " b", " \n", "  "), pieces(SCANNER, "a   b \n  "));
        assertEquals(List.of("123", "4", " \uD83D\uDE00"), pieces(SCANNER, "1234 \uD83D\uDE00"));
    }

    /** A range is split as if it were the whole text: lookahead stops at its end. */
    @Test
    void rangesEndTheText() {
        String text = "xx  a  yy";
        assertEquals(pieces(REGEX, text, 2, 5), pieces(SCANNER, text, 2, 5));
        assertEquals(List.of(" ", " a"), pieces(SCANNER, text, 2, 5));
        assertEquals(List.of("  "), pieces(SCANNER, text, 5, 7));   // at the range end, \s+(?!\S) takes all
    }

    /** Random strings over the characters where the regex alternatives meet. */
    @Test
    void randomStrings() {
        String[] pool = {"a", "Z", "é", "日", "Ω", "ſ", "s", "S", "t", "r", "e", "E", "v", "m", "l", "L", "d", "'", "'",
                "0", "7", "²", "Ⅻ", "٣", " ", " ", "  ", "\t", "\r", "\n", "\u000B", "\u0085", "\u00A0", "\u3000",
                "\u2028", "\u200B", "\uFEFF", "\u001C", ".", ",", "!", "?", "-", "_", "(", ")", "<", "|", "\u0301",
                "\uD83D\uDE00", "\uD83D\uDC4D\uD83C\uDFFD", "\uD835\uDC00", "\uD835\uDFCE", "\uD800", "\uDC00", "\u200D"};
        Random random = new Random(1);
        for (int n = 0; n < 200_000; n++) {
            StringBuilder sb = new StringBuilder();
            for (int len = random.nextInt(12); len > 0; len--) sb.append(pool[random.nextInt(pool.length)]);
            assertSame(sb.toString());
        }
    }

    /** Case-insensitive contractions: every BMP character after an apostrophe, and inside 're/'ve/'ll. */
    @Test
    void contractionsForEveryCharacter() {
        for (char c = 0; c < 0xFFFF; c++) {
            if (Character.isSurrogate(c)) continue;
            for (String text : new String[] {"'" + c, "'" + c + "e", "'" + c + "l", "'r" + c, "'v" + c, "'l" + c}) {
                assertSame(text);
            }
        }
    }

    /** \s, \p{L} and \p{N} for every code point, against java.util.regex with UNICODE_CHARACTER_CLASS. */
    @Test
    void characterClassesForEveryCodePoint() {
        Pattern space = Pattern.compile("\\s", Pattern.UNICODE_CHARACTER_CLASS);
        Pattern letter = Pattern.compile("\\p{L}"), number = Pattern.compile("\\p{N}");
        Pattern word = Pattern.compile("\\w", Pattern.UNICODE_CHARACTER_CLASS);
        for (int cp = 0; cp <= Character.MAX_CODE_POINT; cp++) {
            String s = Character.toString(cp);
            same("\\s", cp, space.matcher(s).matches(), CharClasses.isWhiteSpace(cp));
            same("\\p{L}", cp, letter.matcher(s).matches(), CharClasses.isLetter(cp));
            same("\\p{N}", cp, number.matcher(s).matches(), CharClasses.isNumber(cp));
            same("\\w", cp, word.matcher(s).matches(), CharClasses.isWordChar(cp));
        }
    }

    private static void same(String cls, int cp, boolean regex, boolean ours) {
        if (regex != ours) fail(cls + " U+" + Integer.toHexString(cp) + ": regex " + regex + ", ours " + ours);
    }

    static String escape(String s) {
        StringBuilder sb = new StringBuilder();
        s.chars().forEach(c -> sb.append(c >= 0x20 && c < 0x7F ? String.valueOf((char) c) : String.format("\\u%04X", c)));
        return sb.toString();
    }
}
