package dev.bitnet4j.chat;

import java.util.ArrayList;
import java.util.List;

/**
 * Python's extended slice {@code seq[start:stop:step]} ({@code messages[::-1]} walks a conversation
 * backwards), which Jinjava's parser cannot read. {@link Jinja2Source} rewrites such a subscript to
 * {@code seq[__bitnet4j_slice__(start, stop, step)]}; that function returns a marker key, and
 * {@link PyStringResolver} applies the slice when it sees the key.
 */
record PySlice(Long start, Long stop, Long step) {
    static final String FUNCTION = "__bitnet4j_slice__";
    private static final String MARKER = "\uE000slice:";

    /** The function the rewritten subscript calls; Jinjava passes integers as Long and none as null. */
    public static String key(Object start, Object stop, Object step) {
        return MARKER + part(start) + ":" + part(stop) + ":" + part(step);
    }

    private static String part(Object o) {
        if (o == null) return "";
        if (!PyValues.isInteger(o)) throw new IllegalArgumentException("slice indices must be integers or None, got " + PyValues.repr(o));
        return o.toString();
    }

    /** The slice a marker key stands for, or null when {@code key} is an ordinary key. */
    static PySlice parse(Object key) {
        if (!(key instanceof String s) || !s.startsWith(MARKER)) return null;
        String[] p = s.substring(MARKER.length()).split(":", -1);
        return new PySlice(value(p[0]), value(p[1]), value(p[2]));
    }

    private static Long value(String s) {
        return s.isEmpty() ? null : Long.valueOf(s);
    }

    /** {@code seq[start:stop:step]} of a string (by code point) or a list; null for anything else. */
    Object apply(Object base) {
        if (base instanceof String s) {
            int[] cps = s.codePoints().toArray();
            StringBuilder out = new StringBuilder();
            for (int i : indices(cps.length)) out.appendCodePoint(cps[i]);
            return out.toString();
        }
        if (base instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            for (int i : indices(list.size())) out.add(list.get(i));
            return out;
        }
        return null;
    }

    /** The indices Python's {@code slice.indices(length)} walks. */
    List<Integer> indices(int length) {
        long st = step == null ? 1 : step;
        if (st == 0) throw new IllegalArgumentException("slice step cannot be zero");
        long lo = st < 0 ? -1 : 0;
        long hi = st < 0 ? length - 1 : length;
        long from = start == null ? (st < 0 ? hi : lo) : clamp(start, length, lo, hi);
        long to = stop == null ? (st < 0 ? lo : hi) : clamp(stop, length, lo, hi);
        List<Integer> out = new ArrayList<>();
        for (long i = from; st > 0 ? i < to : i > to; i += st) out.add((int) i);
        return out;
    }

    private static long clamp(long index, int length, long lo, long hi) {
        long i = index < 0 ? index + length : index;
        return Math.max(lo, Math.min(hi, i));
    }
}
