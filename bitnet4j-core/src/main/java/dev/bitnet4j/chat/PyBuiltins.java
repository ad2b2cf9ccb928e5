package dev.bitnet4j.chat;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.exptest.ExpTest;
import com.hubspot.jinjava.lib.filter.Filter;
import com.hubspot.jinjava.lib.filter.LengthFilter;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Filters and tests whose Jinjava versions disagree with Jinja2 as transformers configures it. Each
 * replaces the Jinjava one of the same name.
 * <ul>
 *   <li>{@code trim}: Jinjava's is Java's String.trim, which strips every control character up to
 *       U+0020 (NUL and ESC included, which Python keeps) and none of NEL, NBSP, U+1680, U+2000–U+200A,
 *       U+2028/9, U+202F, U+205F, U+3000 (which Python strips); Jinja2 is {@code str.strip()}.</li>
 *   <li>{@code capitalize}, {@code lower}, {@code upper}: Jinjava uses the JVM's default locale
 *       (a Turkish locale turns "I" into "ı"); Python's case mappings are locale-free.</li>
 *   <li>{@code title}: Jinja2's own word rule (words start after whitespace and -({[&lt;).</li>
 *   <li>{@code length}, {@code count}: Python counts code points, Java counts UTF-16 units.</li>
 *   <li>{@code string}: Python's {@code str()} (True, ['a'], {'k': 1}), not Java's toString.</li>
 *   <li>{@code tojson}: transformers' override, {@code json.dumps(ensure_ascii=False)} with its spacing.</li>
 *   <li>{@code items} (Jinja2 3.1), which Jinjava lacks.</li>
 *   <li>tests {@code iterable} and {@code sequence} hold for strings and mappings too, and
 *       {@code number} for booleans (Python's bool is an int); Jinjava says no to each.</li>
 * </ul>
 */
final class PyBuiltins {
    private PyBuiltins() {}

    static List<ExpTest> tests() {
        return List.of(
                test("iterable", v -> v instanceof CharSequence || v instanceof Iterable<?> || v instanceof Map<?, ?>
                        || (v != null && v.getClass().isArray())),
                test("sequence", v -> v instanceof CharSequence || v instanceof List<?> || v instanceof Map<?, ?>
                        || (v != null && v.getClass().isArray())),
                test("number", v -> v instanceof Number || v instanceof Boolean));
    }

    private static ExpTest test(String name, Predicate<Object> body) {
        return new ExpTest() {
            @Override
            public String getName() {
                return name;
            }

            @Override
            public boolean evaluate(Object var, JinjavaInterpreter interpreter, Object... args) {
                return body.test(var);
            }
        };
    }

    static List<Filter> filters() {
        Filter javaLength = new LengthFilter();
        return List.of(
                text("trim", (s, a) -> PyStr.strip(s, a.string(0, "chars"))),
                text("capitalize", (s, a) -> PyStr.capitalize(s)),
                text("lower", (s, a) -> PyStr.lower(s)),
                text("upper", (s, a) -> PyStr.upper(s)),
                text("title", (s, a) -> PyStr.jinjaTitle(s)),
                filter("length", (v, a) -> length(v, javaLength)),
                filter("count", (v, a) -> length(v, javaLength)),
                filter("string", (v, a) -> PyValues.str(v)),
                filter("items", (v, a) -> items(v)),
                filter("tojson", (v, a) -> PyJson.dumps(v,
                        truthy(a.get(0, "ensure_ascii")), a.get(1, "indent"), a.list(2, "separators"),
                        truthy(a.get(3, "sort_keys")))));
    }

    /** Jinja2 3.1's {@code items}: a mapping's (key, value) pairs; nothing for undefined. */
    private static Object items(Object v) {
        if (v == null) return List.of();
        if (v instanceof Map<?, ?> m) return new ArrayList<>(m.entrySet());
        throw new IllegalArgumentException("items filter needs a mapping, got " + PyValues.repr(v));
    }

    private static Object length(Object v, Filter javaLength) {
        return v instanceof String s ? (Object) (long) PyStr.length(s) : javaLength.filter(v, null);
    }

    private static boolean truthy(Object o) {
        return switch (o) {
            case null -> false;
            case Boolean b -> b;
            case Number n -> n.doubleValue() != 0;
            case CharSequence s -> !s.isEmpty();
            case java.util.Collection<?> c -> !c.isEmpty();
            case Map<?, ?> m -> !m.isEmpty();
            default -> true;
        };
    }

    /** A filter's positional and keyword arguments, looked up the way Python binds them. */
    record Args(Object[] positional, Map<String, Object> named) {
        Object get(int index, String name) {
            if (index < positional.length) return positional[index];
            return named.get(name);
        }

        String string(int index, String name) {
            Object o = get(index, name);
            return o == null ? null : PyValues.str(o);
        }

        List<?> list(int index, String name) {
            Object o = get(index, name);
            if (o == null || o instanceof List<?>) return (List<?>) o;
            throw new IllegalArgumentException(name + " must be a list, got " + PyValues.repr(o));
        }
    }

    interface Body {
        Object apply(Object value, Args args);
    }

    interface TextBody {
        Object apply(String value, Args args);
    }

    /** A filter on text: Jinja2 applies these to {@code str(value)} (soft_str), so do the same. */
    private static Filter text(String name, TextBody body) {
        return filter(name, (v, a) -> body.apply(PyValues.str(v), a));
    }

    private static Filter filter(String name, Body body) {
        return new Filter() {
            @Override
            public String getName() {
                return name;
            }

            @Override
            public Object filter(Object var, JinjavaInterpreter interpreter, Object[] args, Map<String, Object> kwargs) {
                return body.apply(var, new Args(args == null ? new Object[0] : args, kwargs == null ? Map.of() : kwargs));
            }

            @Override
            public Object filter(Object var, JinjavaInterpreter interpreter, String... args) {
                return filter(var, interpreter, (Object[]) args, Map.of());
            }

            @Override
            public boolean preserveSafeString() {
                return false;
            }
        };
    }
}
