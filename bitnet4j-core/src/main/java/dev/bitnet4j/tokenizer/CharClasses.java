package dev.bitnet4j.tokenizer;

/**
 * The Unicode character classes the pre-tokenizer regexes use, as Oniguruma (Hugging Face) and
 * Java's {@code UNICODE_CHARACTER_CLASS} define them. Shared by the hand-written scanner and the
 * added-token matcher so both agree with the regex reference.
 */
final class CharClasses {
    private CharClasses() {}

    private static final int WHITE_SPACE_TYPES =
            (1 << Character.SPACE_SEPARATOR) | (1 << Character.LINE_SEPARATOR) | (1 << Character.PARAGRAPH_SEPARATOR);
    private static final int NUMBER_TYPES =
            (1 << Character.DECIMAL_DIGIT_NUMBER) | (1 << Character.LETTER_NUMBER) | (1 << Character.OTHER_NUMBER);
    private static final int WORD_MARK_TYPES = (1 << Character.NON_SPACING_MARK) | (1 << Character.ENCLOSING_MARK)
            | (1 << Character.COMBINING_SPACING_MARK) | (1 << Character.DECIMAL_DIGIT_NUMBER)
            | (1 << Character.CONNECTOR_PUNCTUATION);

    /**
     * {@code \s}: the White_Space property, i.e. Zs, Zl, Zp, U+0009..U+000D and U+0085. Not Java's
     * {@code Character.isWhitespace}, which drops no-break spaces and adds U+001C..U+001F.
     */
    static boolean isWhiteSpace(int cp) {
        return (cp >= 0x09 && cp <= 0x0D) || cp == 0x20 || cp == 0x85
                || (cp > 0x7F && ((WHITE_SPACE_TYPES >> Character.getType(cp)) & 1) != 0);
    }

    /** {@code \p{L}}. */
    static boolean isLetter(int cp) {
        return Character.isLetter(cp);
    }

    /** {@code \p{N}}: decimal digits, letter numbers (Roman numerals) and other numbers (superscripts). */
    static boolean isNumber(int cp) {
        return ((NUMBER_TYPES >> Character.getType(cp)) & 1) != 0;
    }

    /** Unicode {@code \w} (UTS #18, as Rust's regex crate and Java define it), for single-word added tokens. */
    static boolean isWordChar(int cp) {
        return Character.isAlphabetic(cp) || ((WORD_MARK_TYPES >> Character.getType(cp)) & 1) != 0
                || cp == 0x200C || cp == 0x200D;
    }
}
