package dev.bitnet4j.tokenizer;

/**
 * An incremental UTF-8 decoder following the WHATWG Encoding Standard: each maximal invalid
 * subpart becomes one U+FFFD (as Python, Rust and browsers do; the JDK's decoder differs on
 * encoded surrogates), a byte is judged as soon as it arrives, and an incomplete but valid
 * sequence is held until the next bytes complete it.
 */
final class Utf8Decoder {
    private static final char REPLACEMENT = '\uFFFD';
    private int needed, seen, codePoint;
    private int lower = 0x80, upper = 0xBF;

    /** Decodes bytes, appending every character they complete to {@code out}. */
    void decode(byte[] bytes, StringBuilder out) {
        for (byte value : bytes) accept(value & 0xFF, out);
    }

    /** End of input: a dangling partial character becomes U+FFFD. */
    void finish(StringBuilder out) {
        if (needed != 0) {
            reset();
            out.append(REPLACEMENT);
        }
    }

    private void accept(int b, StringBuilder out) {
        if (needed == 0) {
            if (b <= 0x7F) {
                out.append((char) b);
            } else if (b >= 0xC2 && b <= 0xDF) {
                needed = 1;
                codePoint = b & 0x1F;
            } else if (b >= 0xE0 && b <= 0xEF) {
                if (b == 0xE0) lower = 0xA0;       // no overlong forms
                if (b == 0xED) upper = 0x9F;       // no surrogates
                needed = 2;
                codePoint = b & 0x0F;
            } else if (b >= 0xF0 && b <= 0xF4) {
                if (b == 0xF0) lower = 0x90;
                if (b == 0xF4) upper = 0x8F;       // nothing above U+10FFFF
                needed = 3;
                codePoint = b & 0x07;
            } else {
                out.append(REPLACEMENT);
            }
            return;
        }
        if (b < lower || b > upper) {
            reset();
            out.append(REPLACEMENT);
            accept(b, out);                        // the byte may start the next character
            return;
        }
        lower = 0x80;
        upper = 0xBF;
        codePoint = (codePoint << 6) | (b & 0x3F);
        if (++seen == needed) {
            out.appendCodePoint(codePoint);
            reset();
        }
    }

    private void reset() {
        needed = seen = codePoint = 0;
        lower = 0x80;
        upper = 0xBF;
    }
}
