package dev.bitnet4j.chat;

import com.hubspot.jinjava.interpret.NullValue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Python's {@code json.dumps}, which is what transformers' {@code tojson} filter calls (with
 * {@code ensure_ascii=False}). Jinja2's own tojson and Jinjava's both differ: they write compact
 * separators and/or HTML-escape {@code < > & '}, and tool definitions rendered that way reach the model
 * in a form it never saw in training.
 */
final class PyJson {
    private PyJson() {}

    /**
     * @param indent     null for one line; a number of spaces or a string to indent nested values with
     * @param separators null for the Python default: ", " and ": " on one line, "," and ": " when indenting
     */
    static String dumps(Object value, boolean ensureAscii, Object indent, List<?> separators, boolean sortKeys) {
        String indentUnit = indent == null ? null
                : PyValues.isInteger(indent) ? " ".repeat((int) Math.max(0, ((Number) indent).longValue()))
                : indent.toString();
        String itemSep = indentUnit == null ? ", " : ",";
        String keySep = ": ";
        if (separators != null) {
            if (separators.size() != 2) throw new IllegalArgumentException("separators must be (item, key) separators");
            itemSep = String.valueOf(separators.get(0));
            keySep = String.valueOf(separators.get(1));
        }
        StringBuilder out = new StringBuilder();
        new Writer(ensureAscii, indentUnit, itemSep, keySep, sortKeys, out).write(value, 0);
        return out.toString();
    }

    private record Writer(boolean ensureAscii, String indent, String itemSep, String keySep, boolean sortKeys,
                          StringBuilder out) {
        void write(Object value, int depth) {
            switch (value) {
                case null -> out.append("null");
                case NullValue n -> out.append("null");
                case Boolean b -> out.append(b);
                case CharSequence s -> string(s.toString());
                case Double d -> number(d);
                case Float f -> number(f);
                case Number n -> out.append(n);
                case Map<?, ?> map -> object(map, depth);
                case Iterable<?> list -> array(list, depth);
                case Map.Entry<?, ?> pair -> array(java.util.Arrays.asList(pair.getKey(), pair.getValue()), depth);
                default -> throw new IllegalArgumentException(
                        "Object of type " + value.getClass().getSimpleName() + " is not JSON serializable");
            }
        }

        private void number(double d) {
            if (Double.isNaN(d)) out.append("NaN");
            else if (Double.isInfinite(d)) out.append(d > 0 ? "Infinity" : "-Infinity");
            else out.append(PyValues.floatRepr(d));
        }

        private void array(Iterable<?> list, int depth) {
            if (!list.iterator().hasNext()) {
                out.append("[]");
                return;
            }
            out.append('[');
            boolean first = true;
            for (Object item : list) {
                if (!first) out.append(itemSep);
                first = false;
                newline(depth + 1);
                write(item, depth + 1);
            }
            newline(depth);
            out.append(']');
        }

        private void object(Map<?, ?> map, int depth) {
            if (map.isEmpty()) {
                out.append("{}");
                return;
            }
            List<Member> members = new ArrayList<>();
            for (Map.Entry<?, ?> e : map.entrySet()) members.add(new Member(key(e.getKey()), e.getValue()));
            if (sortKeys) members.sort(Comparator.comparing(Member::key));
            out.append('{');
            boolean first = true;
            for (Member m : members) {
                if (!first) out.append(itemSep);
                first = false;
                newline(depth + 1);
                string(m.key());
                out.append(keySep);
                write(m.value(), depth + 1);
            }
            newline(depth);
            out.append('}');
        }

        private void newline(int depth) {
            if (indent != null) out.append('\n').append(indent.repeat(depth));
        }

        /** JSON keys must be strings; Python converts numbers, booleans and None and rejects the rest. */
        private static String key(Object k) {
            return switch (k) {
                case null -> "null";
                case CharSequence s -> s.toString();
                case Boolean b -> b.toString();
                case Double d -> PyValues.floatRepr(d);
                case Number n when PyValues.isInteger(n) -> n.toString();
                default -> throw new IllegalArgumentException(
                        "keys must be str, int, float, bool or None, not " + k.getClass().getSimpleName());
            };
        }

        private void string(String s) {
            out.append('"');
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                switch (c) {
                    case '"' -> out.append("\\\"");
                    case '\\' -> out.append("\\\\");
                    case '\n' -> out.append("\\n");
                    case '\r' -> out.append("\\r");
                    case '\t' -> out.append("\\t");
                    case '\b' -> out.append("\\b");
                    case '\f' -> out.append("\\f");
                    default -> {
                        // Python escapes control characters, and with ensure_ascii everything past 0x7E,
                        // one UTF-16 unit at a time (astral characters become surrogate pairs), in lower-case hex.
                        if (c < 0x20 || (ensureAscii && c > 0x7E)) out.append(String.format("\\u%04x", (int) c));
                        else out.append(c);
                    }
                }
            }
            out.append('"');
        }
    }

    /** One object member; unlike Map.entry it may hold a null (JSON null) value. */
    private record Member(String key, Object value) {}
}
