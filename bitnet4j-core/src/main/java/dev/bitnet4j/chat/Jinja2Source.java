package dev.bitnet4j.chat;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Applies Jinja2's lexer-level whitespace rules to template source, so that Jinjava renders text that
 * already has them applied and needs none of its own. Jinjava has options for each rule, but they differ
 * from Jinja2 in ways that change prompts:
 * <ul>
 *   <li>{@code lstrip_blocks}: Jinja2 strips whitespace before {@code {%}/{@code {#} only when
 *       nothing else precedes the tag on its line; Jinjava strips spaces and tabs before every tag
 *       ({@code "{{ m }} {% endif %}"} would lose its space).</li>
 *   <li>{@code {%- -%}}, {@code {{- -}}}, {@code {#- -#}}: Jinja2 strips Python whitespace (NBSP, NEL,
 *       U+3000, …), Jinjava only ASCII; and Jinjava mishandles the right side of comments.</li>
 *   <li>{@code +%}} (keep the newline despite trim_blocks) is a syntax error in Jinjava.</li>
 *   <li>{@code keep_trailing_newline=False}: Jinja2 drops one newline from the end of the source;
 *       Jinjava's option drops it from the output, even when it came from a message.</li>
 *   <li>Newlines: Jinja2 turns \r\n and \r in the source into \n.</li>
 * </ul>
 * The output keeps every tag and expression (without whitespace-control signs), drops comments, and keeps
 * {@code {% raw %}} content as it is. It follows transformers' settings: trim_blocks and lstrip_blocks on.
 */
final class Jinja2Source {
    private Jinja2Source() {}

    /** A template that Jinja2's lexer would reject (an unclosed tag or comment). */
    static final class SyntaxError extends RuntimeException {
        SyntaxError(String message) {
            super(message);
        }
    }

    private static final Pattern RAW = Pattern.compile("\\s*raw\\s*");
    private static final Pattern END_RAW = Pattern.compile("\\{%([-+]?)\\s*endraw\\s*([-+]?)%}");

    /**
     * @param text       what Jinjava should render
     * @param sourceLine for each line of {@code text} (index 0 = line 1), the line of the original
     *                   source it starts on, so that errors can name lines the author sees
     */
    record Prepared(String text, int[] sourceLine) {
        int toSourceLine(int line) {
            return line >= 1 && line <= sourceLine.length ? sourceLine[line - 1] : line;
        }
    }

    static Prepared prepare(String source) {
        String s = source.replace("\r\n", "\n").replace('\r', '\n');
        if (s.endsWith("\n")) s = s.substring(0, s.length() - 1);
        return new Lexer(s).run();
    }

    private static final class Lexer {
        private final String s;
        private final StringBuilder out = new StringBuilder();
        private final List<Integer> lines = new ArrayList<>(List.of(1));
        private int pos;
        /** Whether the last thing consumed ended a line; Jinja2's "line_starting" for lstrip_blocks. */
        private boolean lineStarting = true;

        Lexer(String s) {
            this.s = s;
        }

        Prepared run() {
            while (pos < s.length()) {
                int tag = nextTag();
                if (tag < 0) {
                    copy(pos, s.length());
                    break;
                }
                char kind = s.charAt(tag + 1);
                char sign = tag + 2 < s.length() ? s.charAt(tag + 2) : ' ';
                boolean signed = sign == '-' || sign == '+';
                copy(pos, leftStrip(pos, tag, kind, signed ? sign : ' '));
                int body = tag + 2 + (signed ? 1 : 0);
                if (kind == '#') comment(tag, body);
                else tag(tag, kind, body);
            }
            return new Prepared(out.toString(), lines.stream().mapToInt(Integer::intValue).toArray());
        }

        /** Appends s[from, to), noting the source line on which each output line it starts begins. */
        private void copy(int from, int to) {
            for (int k = from; k < to; k++) {
                if (s.charAt(k) == '\n') lines.add(line(k + 1));
            }
            out.append(s, from, to);
        }

        private void comment(int tag, int body) {
            int close = s.indexOf("#}", body);
            if (close < 0) throw new SyntaxError("comment opened at line " + line(tag) + " is never closed with #}");
            char sign = close > body ? s.charAt(close - 1) : ' ';
            pos = close + 2;
            rightStrip(sign == '-' || sign == '+' ? sign : ' ', true);
        }

        private void tag(int tag, char kind, int body) {
            String closer = kind == '{' ? "}}" : "%}";
            int close = findClose(body, closer);
            if (close < 0) throw new SyntaxError("'{" + kind + "' at line " + line(tag) + " is never closed with " + closer);
            char sign = close > body ? s.charAt(close - 1) : ' ';
            boolean signed = sign == '-' || (sign == '+' && kind == '%');
            out.append('{').append(kind);
            copyTagBody(body, signed ? close - 1 : close);
            out.append(closer.charAt(0)).append('}');
            String inner = s.substring(body, signed ? close - 1 : close);
            pos = close + 2;
            boolean raw = kind == '%' && RAW.matcher(inner).matches();
            // Jinja2 removes no newline after {% raw %} (its raw rule has no trim_blocks suffix).
            rightStrip(signed ? sign : ' ', kind == '%' && !raw);
            if (raw) raw(tag);
        }

        /** Raw content is copied as is; only its {% endraw %} tag takes whitespace control. */
        private void raw(int tag) {
            Matcher end = END_RAW.matcher(s);
            if (!end.find(pos)) throw new SyntaxError("{% raw %} at line " + line(tag) + " has no {% endraw %}");
            String left = end.group(1);
            copy(pos, leftStrip(pos, end.start(), '%', left.isEmpty() ? ' ' : left.charAt(0)));
            out.append("{% endraw %}");
            pos = end.end();
            String right = end.group(2);
            rightStrip(right.isEmpty() ? ' ' : right.charAt(0), true);
        }

        /**
         * Where the text s[from, tag) ends once the tag's left-side rule is applied: "-" strips all
         * whitespace; lstrip_blocks strips whitespace that is alone on the tag's line (Jinja2 3.1 matches
         * it with {@code \s+}, so NBSP and U+3000 count, not only spaces and tabs).
         */
        private int leftStrip(int from, int tag, char kind, char sign) {
            if (sign == '-') return from + PyStr.rstrip(s.substring(from, tag), null).length();
            if (sign == '+' || kind == '{') return tag;
            int lineStart = s.lastIndexOf('\n', tag - 1) + 1;
            if (lineStart <= from && !lineStarting) return tag; // something precedes the tag on its line
            int start = Math.max(lineStart, from);
            for (int k = start; k < tag; k++) {
                if (!PyStr.isSpace(s.charAt(k))) return tag;
            }
            return start;
        }

        /** Consumes what a tag's right side swallows: all whitespace for "-", one newline for trim_blocks. */
        private void rightStrip(char sign, boolean trimBlocks) {
            int start = pos;
            if (sign == '-') {
                while (pos < s.length() && PyStr.isSpace(s.charAt(pos))) pos++;
            } else if (sign != '+' && trimBlocks && pos < s.length() && s.charAt(pos) == '\n') {
                pos++;
            }
            lineStarting = pos > start && s.charAt(pos - 1) == '\n';
        }

        /**
         * Copies an expression or statement, with rewrites that keep its meaning for Jinjava:
         * <ul>
         *   <li>string literals are decoded with Python's escapes (backslash-newline, backslash-u, -x,
         *       -N{name}, octal) and re-written with the few escapes Jinjava knows;</li>
         *   <li>"}}" outside a string gets a space, because Jinjava ends a tag at the first "}}" even inside
         *       a dict literal ({@code {{ {'k': {}} }}}), which Jinja2 allows;</li>
         *   <li>an extended slice {@code [a:b:c]}, which Jinjava cannot parse, becomes a {@link PySlice} call.</li>
         * </ul>
         */
        private void copyTagBody(int from, int to) {
            for (int k = from; k < to; k++) {
                char c = s.charAt(k);
                if (c == '\'' || c == '"') {
                    int end = stringEnd(k, to);
                    out.append(c).append(jinjavaEscape(pythonUnescape(s.substring(k + 1, end), line(k)), c)).append(c);
                    k = end;
                    continue;
                }
                int sliceEnd = c == '[' ? extendedSlice(k, to) : -1;
                if (sliceEnd >= 0) {
                    k = sliceEnd;
                    continue;
                }
                out.append(c);
                if (c == '\n') lines.add(line(k + 1));
                if (c == '}' && k + 1 < to && s.charAt(k + 1) == '}') out.append(' ');
            }
        }

        private int stringEnd(int open, int to) {
            char quote = s.charAt(open);
            int end = open + 1;
            while (end < to && s.charAt(end) != quote) end += s.charAt(end) == '\\' ? 2 : 1;
            if (end >= to) throw new SyntaxError("unterminated string at line " + line(open));
            return end;
        }

        /**
         * If s[open] starts {@code [a:b:c]}, writes {@code [__bitnet4j_slice__(a, b, c)]} and returns the
         * index of its "]"; otherwise writes nothing and returns -1.
         */
        private int extendedSlice(int open, int to) {
            List<Integer> colons = new ArrayList<>();
            int depth = 0;
            int k = open + 1;
            for (; k < to; k++) {
                char c = s.charAt(k);
                if (c == '\'' || c == '"') k = stringEnd(k, to);
                else if (c == '[' || c == '(' || c == '{') depth++;
                else if ((c == ']' || c == ')' || c == '}') && depth > 0) depth--;
                else if (c == ']') break;
                else if (c == ':' && depth == 0) colons.add(k);
            }
            if (k >= to || colons.size() != 2) return -1;
            out.append('[').append(PySlice.FUNCTION).append('(');
            int[] bounds = {open + 1, colons.get(0), colons.get(1), k};
            for (int part = 0; part < 3; part++) {
                int a = bounds[part] + (part == 0 ? 0 : 1), b = bounds[part + 1];
                if (s.substring(a, b).isBlank()) out.append("none");
                else copyTagBody(a, b);
                out.append(part < 2 ? ", " : ")]");
            }
            return k;
        }

        private int nextTag() {
            for (int k = s.indexOf('{', pos); k >= 0 && k + 1 < s.length(); k = s.indexOf('{', k + 1)) {
                char c = s.charAt(k + 1);
                if (c == '{' || c == '%' || c == '#') return k;
            }
            return -1;
        }

        /**
         * Where the closer ("}}" or "%}") of a tag is; like Jinja2, it skips string literals and is not
         * recognised inside open brackets ({@code {{ {'k': {}} }}}).
         */
        private int findClose(int from, String closer) {
            int depth = 0;
            for (int k = from; k < s.length(); k++) {
                char c = s.charAt(k);
                if (depth == 0 && s.startsWith(closer, k)) return k;
                if (c == '\'' || c == '"') {
                    for (k++; k < s.length() && s.charAt(k) != c; k++) {
                        if (s.charAt(k) == '\\') k++;
                    }
                } else if (c == '{' || c == '(' || c == '[') {
                    depth++;
                } else if ((c == '}' || c == ')' || c == ']') && depth > 0) {
                    depth--;
                }
            }
            return -1;
        }

        private int lineCursor;
        private int lineAtCursor = 1;

        /** The 1-based source line of {@code index}; cheap for the increasing indices the lexer asks for. */
        private int line(int index) {
            if (index < lineCursor) {
                lineCursor = 0;
                lineAtCursor = 1;
            }
            for (; lineCursor < index; lineCursor++) if (s.charAt(lineCursor) == '\n') lineAtCursor++;
            return lineAtCursor;
        }
    }

    /**
     * The value of a Jinja2 string literal's body: Python's unicode-escape decoding, as Jinja2's lexer
     * does it (unknown escapes such as {@code \\d} stay as they are).
     */
    static String pythonUnescape(String body, int line) {
        StringBuilder out = new StringBuilder(body.length());
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c != '\\') {
                out.append(c);
                continue;
            }
            if (++i >= body.length()) throw new SyntaxError("\\ at end of string at line " + line);
            char e = body.charAt(i);
            switch (e) {
                case '\n' -> { } // line continuation
                case '\\', '\'', '"' -> out.append(e);
                case 'a' -> out.append('\u0007');
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'v' -> out.append('\u000B');
                case 'x', 'u', 'U' -> {
                    int digits = e == 'x' ? 2 : e == 'u' ? 4 : 8;
                    int cp = hex(body, i + 1, digits);
                    if (cp < 0 || cp > Character.MAX_CODE_POINT) {
                        throw new SyntaxError("truncated \\" + e + " escape in string at line " + line);
                    }
                    out.appendCodePoint(cp);
                    i += digits;
                }
                case 'N' -> {
                    int close = body.indexOf('}', i);
                    int cp = -1;
                    if (i + 1 < body.length() && body.charAt(i + 1) == '{' && close > 0) {
                        try {
                            cp = Character.codePointOf(body.substring(i + 2, close));
                        } catch (IllegalArgumentException ignored) {
                            // reported below
                        }
                    }
                    if (cp < 0) throw new SyntaxError("malformed \\N character escape in string at line " + line);
                    out.appendCodePoint(cp);
                    i = close;
                }
                default -> {
                    if (e >= '0' && e <= '7') {
                        int v = 0, n = 0;
                        for (; n < 3 && i + n < body.length() && body.charAt(i + n) >= '0' && body.charAt(i + n) <= '7'; n++) {
                            v = v * 8 + body.charAt(i + n) - '0';
                        }
                        out.append((char) v);
                        i += n - 1;
                    } else if (e < 0x80) {
                        out.append('\\').append(e);
                    } else {
                        // Jinja2 first writes non-ASCII as escapes, so "\é" reads as the text \xe9.
                        int cp = body.codePointAt(i);
                        out.append('\\').append(cp <= 0xFF ? String.format("x%02x", cp)
                                : cp <= 0xFFFF ? String.format("u%04x", cp) : String.format("U%08x", cp));
                        i += Character.charCount(cp) - 1;
                    }
                }
            }
        }
        return out.toString();
    }

    private static int hex(String s, int from, int digits) {
        if (from + digits > s.length()) return -1;
        int v = 0;
        for (int k = from; k < from + digits; k++) {
            int d = Character.digit(s.charAt(k), 16);
            if (d < 0) return -1;
            v = v * 16 + d;
        }
        return v;
    }

    /** A literal body that Jinjava's scanner reads back as {@code value}; it knows only \\, \', \", n, t, b, f, r. */
    private static String jinjavaEscape(String value, char quote) {
        StringBuilder out = new StringBuilder(value.length() + 8);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c == quote) out.append('\\');
                    out.append(c);
                }
            }
        }
        return out.toString();
    }
}
