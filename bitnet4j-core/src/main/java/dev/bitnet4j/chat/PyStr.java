package dev.bitnet4j.chat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Python 3 {@code str} semantics that chat templates rely on. The reference renderer is Jinja2 inside
 * transformers, where {@code | trim} is {@code str.strip()}, {@code | capitalize} is {@code str.capitalize()}
 * and so on; Java's own notions (String.trim, Character.isWhitespace, default-locale case mapping)
 * differ on exactly the inputs that end up in prompts, so each operation is written out here.
 * Indices and lengths count code points, as Python does.
 */
final class PyStr {
    private PyStr() {}

    /**
     * Python's {@code str.isspace()} for one character: bidirectional class WS, B or S, or category Zs.
     * That is the ASCII controls 0x09–0x0D and 0x1C–0x1F, space, NEL, NBSP, U+1680, U+2000–U+200A,
     * U+2028, U+2029, U+202F, U+205F and U+3000; not U+200B (zero width space) nor U+FEFF (BOM).
     * All of them are in the BMP.
     */
    static boolean isSpace(int c) {
        return switch (c) {
            case '\t', '\n', 0x0B, '\f', '\r', 0x1C, 0x1D, 0x1E, 0x1F, ' ', 0x85, 0xA0, 0x1680,
                 0x2028, 0x2029, 0x202F, 0x205F, 0x3000 -> true;
            default -> c >= 0x2000 && c <= 0x200A;
        };
    }

    /** {@code s.strip(chars)}: with {@code chars == null}, strips Python whitespace. */
    static String strip(String s, String chars) {
        return rstrip(lstrip(s, chars), chars);
    }

    static String lstrip(String s, String chars) {
        int i = 0;
        while (i < s.length()) {
            int c = s.codePointAt(i);
            if (!stripped(c, chars)) break;
            i += Character.charCount(c);
        }
        return s.substring(i);
    }

    static String rstrip(String s, String chars) {
        int end = s.length();
        while (end > 0) {
            int c = s.codePointBefore(end);
            if (!stripped(c, chars)) break;
            end -= Character.charCount(c);
        }
        return s.substring(0, end);
    }

    private static boolean stripped(int c, String chars) {
        return chars == null ? isSpace(c) : chars.indexOf(Character.toString(c)) >= 0;
    }

    /** {@code str.lower()}: full Unicode mapping, independent of the JVM's default locale. */
    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }

    /** {@code str.upper()}: full Unicode mapping (ß → SS), independent of the JVM's default locale. */
    static String upper(String s) {
        return s.toUpperCase(Locale.ROOT);
    }

    /**
     * {@code str.capitalize()}: the first character in title case, every other character lower-cased
     * ("hELLO" → "Hello"). The rest is lower-cased in the context of the whole string so that a final
     * sigma becomes ς exactly as Python decides it.
     */
    static String capitalize(String s) {
        if (s.isEmpty()) return s;
        int first = s.codePointAt(0);
        String firstLower = lower(Character.toString(first));
        String allLower = lower(s);
        // Lower-casing never merges characters, so the whole string's lower form starts with the first one's.
        String rest = allLower.startsWith(firstLower) ? allLower.substring(firstLower.length())
                : lower(s.substring(Character.charCount(first)));
        return titleCase(first) + rest;
    }

    /**
     * Python's full title-case mapping of one character. Java has the simple mapping (ǆ → ǅ, ᾳ → ᾼ,
     * Georgian letters to themselves) but not SpecialCasing.txt's multi-character titles; those are the
     * characters whose upper case is several characters and that have no simple title mapping, and their
     * title is the upper case with its tail lower-cased (ß → Ss, ﬁ → Fi, և → Եւ, ΐ → Ϊ́), except ŉ → ʼN
     * and the Greek vowels with ypogegrammeni, whose title keeps it as the combining U+0345 (ᾲ → Ὰͅ).
     */
    static String titleCase(int c) {
        int simple = Character.toTitleCase(c);
        String up = upper(Character.toString(c));
        int head = up.codePointAt(0);
        if (simple != c || Character.isTitleCase(c) || up.length() == Character.charCount(head)) {
            return Character.toString(simple);
        }
        if (c == 0x0149) return up;
        String tail = up.substring(Character.charCount(head));
        tail = c >= 0x1F80 && c <= 0x1FFF ? tail.replace('\u0399', '\u0345') : lower(tail);
        return Character.toString(head) + tail;
    }

    /**
     * Jinja2's {@code title} filter (not {@code str.title()}): words begin after runs of whitespace,
     * '-', '(', '{', '[' or '<'; each word gets its first character upper-cased and the rest lower-cased.
     */
    static String jinjaTitle(String s) {
        StringBuilder out = new StringBuilder(s.length());
        int i = 0;
        while (i < s.length()) {
            int start = i;
            while (i < s.length() && isWordBreak(s.codePointAt(i))) i += Character.charCount(s.codePointAt(i));
            out.append(s, start, i);
            if (i >= s.length()) break;
            int first = s.codePointAt(i);
            int restStart = i + Character.charCount(first);
            i = restStart;
            while (i < s.length() && !isWordBreak(s.codePointAt(i))) i += Character.charCount(s.codePointAt(i));
            // The tail is lower-cased as one string, so a final sigma comes out as Python makes it.
            out.append(upper(Character.toString(first))).append(lower(s.substring(restStart, i)));
        }
        return out.toString();
    }

    private static boolean isWordBreak(int c) {
        return isSpace(c) || c == '-' || c == '(' || c == '{' || c == '[' || c == '<';
    }

    /**
     * {@code s.split(sep, maxsplit)}. With {@code sep == null} it splits on runs of Python whitespace and
     * drops empty pieces; with a separator, it splits on that literal text (not a regex, unlike Java).
     */
    static List<String> split(String s, String sep, int maxsplit) {
        if (sep != null && sep.isEmpty()) throw new IllegalArgumentException("empty separator");
        List<String> parts = new ArrayList<>();
        int limit = maxsplit < 0 ? Integer.MAX_VALUE : maxsplit;
        if (sep != null) {
            int from = 0;
            for (int at; parts.size() < limit && (at = s.indexOf(sep, from)) >= 0; from = at + sep.length()) {
                parts.add(s.substring(from, at));
            }
            parts.add(s.substring(from));
            return parts;
        }
        int i = 0;
        while (true) {
            while (i < s.length() && isSpace(s.charAt(i))) i++;
            if (i >= s.length()) return parts;
            if (parts.size() == limit) {
                parts.add(s.substring(i)); // Python keeps the remainder's trailing whitespace
                return parts;
            }
            int start = i;
            while (i < s.length() && !isSpace(s.charAt(i))) i++;
            parts.add(s.substring(start, i));
        }
    }

    /** {@code s.replace(old, new, count)}; a negative count replaces every occurrence. */
    static String replace(String s, String old, String replacement, int count) {
        int limit = count < 0 ? Integer.MAX_VALUE : count;
        StringBuilder out = new StringBuilder();
        int from = 0;
        for (int n = 0; n < limit; n++) {
            int at = old.isEmpty() ? (from <= s.length() ? from : -1) : s.indexOf(old, from);
            if (at < 0) break;
            out.append(s, from, at).append(replacement);
            if (old.isEmpty()) {
                if (at == s.length()) return out.toString();
                int c = s.codePointAt(at);
                out.appendCodePoint(c);
                from = at + Character.charCount(c);
            } else {
                from = at + old.length();
            }
        }
        return out.append(s.substring(from)).toString();
    }

    /** {@code len(s)}: code points, so an emoji counts once. */
    static int length(String s) {
        return s.codePointCount(0, s.length());
    }

    /** {@code s[index]}, counting code points and from the end for a negative index; null when out of range. */
    static String charAt(String s, long index) {
        long n = length(s);
        long i = index < 0 ? index + n : index;
        if (i < 0 || i >= n) return null;
        int at = s.offsetByCodePoints(0, (int) i);
        return Character.toString(s.codePointAt(at));
    }
}
