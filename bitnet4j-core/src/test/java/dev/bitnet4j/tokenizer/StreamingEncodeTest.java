package dev.bitnet4j.tokenizer;

import dev.bitnet4j.Fixtures;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Encode text whose characters span several tokens, then stream the ids back one at a time: no
 * piece may hold half a character (a lone surrogate or U+FFFD), and the pieces rebuild the text.
 */
class StreamingEncodeTest {
    static Tokenizer tokenizer;

    @BeforeAll
    static void load() {
        tokenizer = Tokenizer.load(Fixtures.resource("fixtures/tokenizer/tokenizer.json"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "naïve café, déjà vu, Ærøskøbing",
            "日本語のテキストと中文混合, rare 龘靐齉",
            "Ελληνικά и кириллица, עברית, العربية, हिन्दी",
            "family \uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67\u200D\uD83D\uDC66 and \uD83D\uDC69\u200D\u2764\uFE0F\u200D\uD83D\uDC68",
            "flags \uD83C\uDDEF\uD83C\uDDF5\uD83C\uDDFA\uD83C\uDDF8\uD83C\uDDE9\uD83C\uDDEA \uD83C\uDFF4\uDB40\uDC67\uDB40\uDC62\uDB40\uDC73\uDB40\uDC63\uDB40\uDC74\uDB40\uDC7F",
            "skin tones \uD83D\uDC4D\uD83C\uDFFB\uD83D\uDC4D\uD83C\uDFFD\uD83D\uDC4B\uD83C\uDFFF \uD83E\uDDD1\uD83C\uDFFE\u200D\uD83D\uDCBB",
            "math \uD835\uDC00\uD835\uDC01 \uD835\uDFCE\uD835\uDFCF and combining e\u0301\u0302 \u0915\u094D\u0937",
            "\uD83D\uDE00\uD83D\uDE03\uD83D\uDE04\uD83D\uDE01\uD83D\uDE06\uD83E\uDD23\uD83E\uDEE0\uD83E\uDEE8",
    })
    void everyStreamedPieceIsWholeCharacters(String text) {
        int[] ids = tokenizer.encode(text, true);
        StreamingDecoder decoder = tokenizer.streamingDecoder(false);
        StringBuilder all = new StringBuilder();
        boolean split = false;
        for (int id : ids) {
            String piece = decoder.accept(id);
            assertWhole(piece, text);
            split |= piece.isEmpty();
            all.append(piece);
        }
        assertEquals("", decoder.flush());
        assertEquals(text, all.toString());
        if (text.codePoints().anyMatch(Character::isSupplementaryCodePoint)) {
            assertTrue(split, "a 4-byte character should have been split across tokens");
        }
    }

    private static void assertWhole(String piece, String text) {
        for (int i = 0; i < piece.length(); i++) {
            char c = piece.charAt(i);
            assertNotEquals('\uFFFD', c, text);
            if (Character.isHighSurrogate(c)) {
                assertTrue(i + 1 < piece.length() && Character.isLowSurrogate(piece.charAt(++i)), "lone high surrogate in " + text);
            } else {
                assertFalse(Character.isLowSurrogate(c), "lone low surrogate in " + text);
            }
        }
    }
}
