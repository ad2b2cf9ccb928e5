package dev.bitnet4j.chat;

import com.hubspot.jinjava.interpret.NullValue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Iterator;
import java.util.Map;

/**
 * Python's {@code str()} and {@code repr()} of template values, so that {@code {{ value }}} prints what
 * Jinja2 prints: True/False rather than true/false, {@code ['a', 1]} rather than {@code [a, 1]},
 * {@code {'role': 'user'}} rather than {@code {role=user}}, and floats as Python writes them (1e-05, 2.0).
 */
final class PyValues {
    private PyValues() {}

    /**
     * {@code str(value)}. Jinjava uses null both for None and for an undefined variable, and Jinja2 prints
     * undefined as nothing, so null prints as the empty string; a None that Jinjava marks as such
     * (a loop variable bound to None) prints "None".
     */
    static String str(Object value) {
        if (value == null) return "";
        if (value instanceof CharSequence s) return s.toString();
        return repr(value);
    }

    static String repr(Object value) {
        StringBuilder out = new StringBuilder();
        repr(value, out);
        return out.toString();
    }

    private static void repr(Object value, StringBuilder out) {
        switch (value) {
            case null -> out.append("None");
            case NullValue n -> out.append("None");
            case Boolean b -> out.append(b ? "True" : "False");
            case CharSequence s -> quote(s.toString(), out);
            case Double d -> out.append(floatRepr(d));
            case Float f -> out.append(floatRepr(f));
            case Map<?, ?> map -> {
                out.append('{');
                Iterator<? extends Map.Entry<?, ?>> it = map.entrySet().iterator();
                while (it.hasNext()) {
                    Map.Entry<?, ?> e = it.next();
                    repr(e.getKey(), out);
                    out.append(": ");
                    repr(e.getValue(), out);
                    if (it.hasNext()) out.append(", ");
                }
                out.append('}');
            }
            case Map.Entry<?, ?> pair -> { // a (key, value) tuple from .items() or | items
                out.append('(');
                repr(pair.getKey(), out);
                out.append(", ");
                repr(pair.getValue(), out);
                out.append(')');
            }
            case Iterable<?> list -> {
                out.append('[');
                Iterator<?> it = list.iterator();
                while (it.hasNext()) {
                    repr(it.next(), out);
                    if (it.hasNext()) out.append(", ");
                }
                out.append(']');
            }
            default -> out.append(value);
        }
    }

    /** Python's string repr: single quotes unless the text has ' and no ", non-printables escaped. */
    private static void quote(String s, StringBuilder out) {
        char q = s.indexOf('\'') >= 0 && s.indexOf('"') < 0 ? '"' : '\'';
        out.append(q);
        for (int i = 0; i < s.length(); ) {
            int c = s.codePointAt(i);
            i += Character.charCount(c);
            if (c == q || c == '\\') out.append('\\').appendCodePoint(c);
            else if (c == '\n') out.append("\\n");
            else if (c == '\r') out.append("\\r");
            else if (c == '\t') out.append("\\t");
            else if (printable(c)) out.appendCodePoint(c);
            else if (c < 0x100) out.append(String.format("\\x%02x", c));
            else if (c < 0x10000) out.append(String.format("\\u%04x", c));
            else out.append(String.format("\\U%08x", c));
        }
        out.append(q);
    }

    /** Python's {@code str.isprintable()}: everything but controls, formats, separators (bar space), unassigned. */
    private static boolean printable(int c) {
        if (c == ' ') return true;
        return switch (Character.getType(c)) {
            case Character.CONTROL, Character.FORMAT, Character.SURROGATE, Character.PRIVATE_USE,
                 Character.UNASSIGNED, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
                 Character.SPACE_SEPARATOR -> false;
            default -> true;
        };
    }

    /**
     * Python's {@code repr(float)}: the shortest digits that read back to the same double, written in
     * positional form for exponents -4..15 (always with a fraction, "2.0") and as 1e-05 / 1e+16 otherwise.
     */
    static String floatRepr(double d) {
        if (Double.isNaN(d)) return "nan";
        if (Double.isInfinite(d)) return d > 0 ? "inf" : "-inf";
        if (d == 0) return 1 / d < 0 ? "-0.0" : "0.0";
        // Double.toString gives the shortest round-tripping digits (JDK 19+), but never fewer than two, so
        // for a few subnormals (Double.MIN_VALUE: "4.9E-324", Python "5e-324") one digit may also do.
        BigDecimal exact = new BigDecimal(Double.toString(Math.abs(d))).stripTrailingZeros();
        BigDecimal oneDigit = exact.round(new MathContext(1, RoundingMode.HALF_EVEN));
        if (oneDigit.doubleValue() == Math.abs(d)) exact = oneDigit.stripTrailingZeros();
        String digits = exact.unscaledValue().toString();
        int exp = digits.length() - 1 - exact.scale();
        StringBuilder out = new StringBuilder(d < 0 ? "-" : "");
        if (exp < -4 || exp >= 16) {
            out.append(digits.charAt(0));
            if (digits.length() > 1) out.append('.').append(digits, 1, digits.length());
            out.append('e').append(exp < 0 ? '-' : '+');
            if (Math.abs(exp) < 10) out.append('0');
            return out.append(Math.abs(exp)).toString();
        }
        if (exp < 0) {
            return out.append("0.").append("0".repeat(-exp - 1)).append(digits).toString();
        }
        if (digits.length() <= exp + 1) {
            return out.append(digits).append("0".repeat(exp + 1 - digits.length())).append(".0").toString();
        }
        return out.append(digits, 0, exp + 1).append('.').append(digits, exp + 1, digits.length()).toString();
    }

    /** True for the integer types a template can hold (Jinjava makes Long; callers may pass others). */
    static boolean isInteger(Object v) {
        return v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte
                || v instanceof BigInteger;
    }
}
