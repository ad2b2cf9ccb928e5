package dev.bitnet4j.tokenizer;

import java.util.Arrays;

/**
 * UTF-8 encoding for the encoder. A lone surrogate (a Java string can hold one, UTF-8 cannot)
 * becomes U+FFFD, as Rust's {@code String::from_utf16_lossy} and JavaScript's TextEncoder do;
 * the JDK's encoder would write '?' instead.
 */
final class Utf8 {
    private Utf8() {}

    static byte[] encode(String s) {
        byte[] out = new byte[s.length() * 3];     // at most 3 bytes per UTF-16 unit
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            int cp = c;
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    cp = Character.toCodePoint(c, s.charAt(++i));
                } else {
                    cp = 0xFFFD;
                }
            }
            if (cp < 0x80) {
                out[n++] = (byte) cp;
            } else if (cp < 0x800) {
                out[n++] = (byte) (0xC0 | cp >> 6);
                out[n++] = (byte) (0x80 | cp & 0x3F);
            } else if (cp < 0x10000) {
                out[n++] = (byte) (0xE0 | cp >> 12);
                out[n++] = (byte) (0x80 | cp >> 6 & 0x3F);
                out[n++] = (byte) (0x80 | cp & 0x3F);
            } else {
                out[n++] = (byte) (0xF0 | cp >> 18);
                out[n++] = (byte) (0x80 | cp >> 12 & 0x3F);
                out[n++] = (byte) (0x80 | cp >> 6 & 0x3F);
                out[n++] = (byte) (0x80 | cp & 0x3F);
            }
        }
        return n == out.length ? out : Arrays.copyOf(out, n);
    }
}
