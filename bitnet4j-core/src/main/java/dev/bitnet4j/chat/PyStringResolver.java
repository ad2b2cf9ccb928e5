package dev.bitnet4j.chat;

import jinjava.javax.el.ELContext;
import jinjava.javax.el.ELResolver;

import java.beans.FeatureDescriptor;
import java.util.Iterator;
import java.util.List;

/**
 * Python {@code str} methods and indexing on template strings, and extended slices ({@link PySlice}).
 * Jinjava hands {@code message.content.strip()} to Java's String, which has a different whitespace set,
 * a regex {@code split} and no {@code startswith}; chat templates call these all the time. Any other
 * method falls through to the next resolver (Jinjava's bean resolver).
 */
final class PyStringResolver extends ELResolver {

    @Override
    public Object invoke(ELContext context, Object base, Object method, Class<?>[] paramTypes, Object[] params) {
        if (!(base instanceof String s) || method == null) return null;
        Object[] p = params == null ? new Object[0] : params;
        Object result = call(s, method.toString(), p);
        if (result != NOT_HANDLED) context.setPropertyResolved(true);
        return result == NOT_HANDLED ? null : result;
    }

    private static final Object NOT_HANDLED = new Object();

    private static Object call(String s, String method, Object[] p) {
        return switch (method + "/" + p.length) {
            case "strip/0", "strip/1" -> PyStr.strip(s, optString(p, 0));
            case "lstrip/0", "lstrip/1" -> PyStr.lstrip(s, optString(p, 0));
            case "rstrip/0", "rstrip/1" -> PyStr.rstrip(s, optString(p, 0));
            case "upper/0" -> PyStr.upper(s);
            case "lower/0" -> PyStr.lower(s);
            case "capitalize/0" -> PyStr.capitalize(s);
            case "startswith/1" -> affix(s, p[0], true);
            case "endswith/1" -> affix(s, p[0], false);
            case "split/0", "split/1", "split/2" ->
                    PyStr.split(s, optString(p, 0), p.length > 1 ? (int) integer(p[1]) : -1);
            case "replace/2", "replace/3" ->
                    PyStr.replace(s, string(p[0]), string(p[1]), p.length > 2 ? (int) integer(p[2]) : -1);
            case "join/1" -> join(s, p[0]);
            default -> NOT_HANDLED;
        };
    }

    /** startswith/endswith take one string or a tuple (here: a list) of candidates. */
    private static boolean affix(String s, Object arg, boolean start) {
        if (arg instanceof List<?> options) {
            for (Object o : options) if (affix(s, o, start)) return true;
            return false;
        }
        String a = string(arg);
        return start ? s.startsWith(a) : s.endsWith(a);
    }

    private static String join(String sep, Object items) {
        if (!(items instanceof Iterable<?> it)) throw new IllegalArgumentException("join() needs a list of strings");
        StringBuilder out = new StringBuilder();
        boolean first = true;
        for (Object o : it) {
            if (!first) out.append(sep);
            first = false;
            out.append(string(o));
        }
        return out.toString();
    }

    private static String optString(Object[] p, int i) {
        return p.length > i && p[i] != null ? string(p[i]) : null;
    }

    private static String string(Object o) {
        if (o instanceof CharSequence cs) return cs.toString();
        throw new IllegalArgumentException("expected a string, got " + PyValues.repr(o));
    }

    private static long integer(Object o) {
        if (PyValues.isInteger(o)) return ((Number) o).longValue();
        throw new IllegalArgumentException("expected an integer, got " + PyValues.repr(o));
    }

    /**
     * {@code s[i]}: Jinjava passes the index as text; Python counts code points and from the end if
     * negative. Also {@code seq[a:b:c]} on strings and lists, via the key a {@link PySlice} stands for.
     */
    @Override
    public Object getValue(ELContext context, Object base, Object property) {
        PySlice slice = PySlice.parse(property);
        if (slice != null) {
            Object result = slice.apply(base);
            if (result == null) throw new IllegalArgumentException("cannot slice " + PyValues.repr(base));
            context.setPropertyResolved(true);
            return result;
        }
        if (!(base instanceof String s) || property == null) return null;
        long index;
        try {
            index = Long.parseLong(property.toString());
        } catch (NumberFormatException e) {
            return null;
        }
        context.setPropertyResolved(true);
        return PyStr.charAt(s, index);
    }

    @Override
    public Class<?> getType(ELContext context, Object base, Object property) {
        return null;
    }

    @Override
    public void setValue(ELContext context, Object base, Object property, Object value) {}

    @Override
    public boolean isReadOnly(ELContext context, Object base, Object property) {
        return true;
    }

    @Override
    public Iterator<FeatureDescriptor> getFeatureDescriptors(ELContext context, Object base) {
        return null;
    }

    @Override
    public Class<?> getCommonPropertyType(ELContext context, Object base) {
        return null;
    }
}
