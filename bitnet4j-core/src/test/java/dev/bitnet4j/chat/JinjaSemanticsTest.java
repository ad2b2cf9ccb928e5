package dev.bitnet4j.chat;

import dev.bitnet4j.BitNetException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Places where Jinjava on its own renders differently from Jinja2 in transformers, each pinned to
 * Jinja2's output. Every expected string was derived from Python's rules and checked against
 * Jinja2 3.1.6 with transformers' environment (trim_blocks, lstrip_blocks, its tojson).
 */
class JinjaSemanticsTest {

    static String render(String template, Map<String, Object> vars) {
        return ChatTemplate.of(template).render(List.of(), false, vars);
    }

    static String render(String template) {
        return render(template, Map.of());
    }

    /** Python's str.isspace(), exactly: what str.strip() and so | trim remove. */
    static final String PY_WHITESPACE = "\t\n\u000B\f\r\u001C\u001D\u001E\u001F \u0085\u00A0\u1680"
            + "\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200A\u2028\u2029\u202F\u205F\u3000";

    @Test
    void trimStripsPythonWhitespaceOnly() {
        assertEquals(29, PY_WHITESPACE.length());
        for (char c : PY_WHITESPACE.toCharArray()) {
            assertEquals("x", PyStr.strip(c + "x" + c, null), "U+" + Integer.toHexString(c));
        }
        for (char c : "\uFEFF\u200B\u180E\u0000\u001B\u0008".toCharArray()) {
            String s = c + "x" + c;
            assertEquals(s, PyStr.strip(s, null), "U+" + Integer.toHexString(c) + " is not whitespace in Python");
        }
        assertEquals("x", render("{{ s | trim }}", Map.of("s", PY_WHITESPACE + "x" + PY_WHITESPACE)));
        assertEquals("\u0000x\u001B", render("{{ s | trim }}", Map.of("s", " \u0000x\u001B ")));
        assertEquals("hi", render("{{ 'xxhixx' | trim('x') }}"));
        assertEquals("x|x |  x", render("{{ '  x  '.strip() }}|{{ '  x '.lstrip() }}|{{ '  x \u3000'.rstrip() }}"));
    }

    @Test
    void capitalizeIsPythons() {
        assertEquals("Hello", PyStr.capitalize("hELLO"));
        assertEquals("", PyStr.capitalize(""));
        assertEquals("123abc", PyStr.capitalize("123ABC"));
        assertEquals("École", PyStr.capitalize("éCOLE"));
        assertEquals("ǅemal", PyStr.capitalize("ǆEMAL"), "title case, not upper case");
        assertEquals("Ssa", PyStr.capitalize("ßa"));
        assertEquals("Fix", PyStr.capitalize("ﬁx"));
        assertEquals("ʼNa", PyStr.capitalize("ŉa"));
        assertEquals("Ὰͅx", PyStr.capitalize("ᾲx"));
        assertEquals("Όσος", PyStr.capitalize("ΌΣΟΣ"), "final sigma");
        assertEquals("Hello world|User", render("{{ 'hELLO WORLD' | capitalize }}|{{ 'user' | capitalize }}"));
    }

    @Test
    void caseMappingIgnoresTheDefaultLocale() {
        Locale saved = Locale.getDefault();
        try {
            Locale.setDefault(Locale.forLanguageTag("tr"));
            assertEquals("i|I|Istanbul", render("{{ 'I' | lower }}|{{ 'i' | upper }}|{{ 'iSTANBUL' | capitalize }}"));
        } finally {
            Locale.setDefault(saved);
        }
    }

    @Test
    void titleAndLength() {
        assertEquals("Hello-World (Foo) [Bar] X{Y}<Z>  Multi",
                render("{{ 'hello-world (foo) [bar] x{y}<z>  multi' | title }}"));
        assertEquals("Οδος", PyStr.jinjaTitle("ΟΔΟΣ"));
        assertEquals("3|2", render("{{ 'hé😀' | length }}|{{ xs | count }}", Map.of("xs", List.of(1, 2))));
    }

    @Test
    void tojsonIsTransformersJsonDumps() {
        Map<String, Object> tool = new java.util.LinkedHashMap<>();
        tool.put("name", "f");
        tool.put("args", Map.of("q", "é <b>&\""));
        tool.put("n", java.util.Arrays.asList(1, 2.5, true, null));
        assertEquals("{\"name\": \"f\", \"args\": {\"q\": \"é <b>&\\\"\"}, \"n\": [1, 2.5, true, null]}",
                render("{{ t | tojson }}", Map.of("t", tool)));
        assertEquals("{\n  \"a\": {},\n  \"b\": 1\n}", render("{{ {'b': 1, 'a': {}} | tojson(indent=2, sort_keys=true) }}"));
        assertEquals("[\"\\u00e9\", \"\\ud83d\\ude00\", \"\\u0000\\u007f\"]",
                render("{{ ['é', '😀', z] | tojson(ensure_ascii=true) }}", Map.of("z", "\u0000\u007f")));
        assertEquals("{\"a\":1}", render("{{ {'a': 1} | tojson(separators=[',', ':']) }}"));
    }

    @Test
    void valuesPrintAsPythonDoes() {
        assertEquals("True|[1, 'a', None]|{'k': False}|2.0|1e-05|xTrue",
                render("{{ true }}|{{ [1, 'a', none] }}|{{ {'k': false} }}|{{ 2.0 }}|{{ 1e-5 }}|{{ 'x' ~ true }}"));
        // Left to itself Jinjava reads a leading "-" as whitespace control and prints 1 and 2.
        assertEquals("-1|-2", render("{{ -1 }}|{{ -x }}", Map.of("x", 2)));
        assertEquals("1e-05 1e+16 1000000000000000.0 0.30000000000000004 -0.0 1.5e+300 5e-324 0.0001 1.2345678901234568e+18",
                String.join(" ", List.of(1e-5, 1e16, 1e15, 0.1 + 0.2, -0.0, 1.5e300, 5e-324, 0.0001, 1234567890123456789.0)
                        .stream().map(PyValues::floatRepr).toList()));
    }

    @Test
    void stringMethodsArePythons() {
        assertEquals("x|True|['a', 'b', 'c']|['a', 'b']|answer|a|i",
                render("{{ ' x '.strip() }}|{{ 'abc'.startswith('ab') }}|{{ 'a b  c'.split() }}|{{ 'a,b'.split(',') }}"
                        + "|{{ '<think>x</think>answer'.split('</think>')[-1] }}|{{ 'A'.lower() }}|{{ 'hi'[-1] }}"));
        assertEquals(List.of("a", "b  c  "), PyStr.split("  a b  c  ", null, 1));
        assertEquals(List.of("a", "", "b"), PyStr.split("a,,b", ",", -1));
        assertEquals("-a-bc", PyStr.replace("abc", "", "-", 2));
    }

    @Test
    void extendedSlicesAndItems() {
        Map<String, Object> vars = Map.of("xs", List.of(3, 1, 2, 1, 5), "s", "héllo😀");
        assertEquals("[5, 1, 2, 1, 3]|[3, 2, 5]|[5, 2, 1]|😀olléh|[1, 2]",
                render("{{ xs[::-1] }}|{{ xs[::2] }}|{{ xs[-1:0:-2] + xs[1:2] }}|{{ s[::-1] }}|{{ xs[1:3] }}", vars));
        assertEquals("assistant,user", render("{{ ms[::-1] | map(attribute='role') | join(',') }}",
                Map.of("ms", List.of(Map.of("role", "user"), Map.of("role", "assistant")))));
        Map<String, Object> d = new java.util.LinkedHashMap<>();
        d.put("b", 2);
        d.put("a", 1);
        assertEquals("[('b', 2), ('a', 1)]|b2;a1;|[[\"b\", 2], [\"a\", 1]]",
                render("{{ d | items | list }}|{% for k, v in d.items() %}{{ k }}{{ v }};{% endfor %}|{{ d | items | list | tojson }}",
                        Map.of("d", d)));
    }

    @Test
    void notBindsLooserThanComparisonsAndTighterThanTests() {
        assertEquals("True|True|False|False",
                render("{{ not xs|length == 1 }}|{{ not nope is defined }}|{{ not 'a' in 'abc' }}|{{ not xs }}",
                        Map.of("xs", List.of(1, 2))));
    }

    @Test
    void addingTextToNonTextIsAnError() {
        BitNetException e = assertThrows(BitNetException.class, () -> render("{{ 'n=' + 1 }}"));
        assertTrue(e.getMessage().contains("can only concatenate str (not \"int\") to str"), e.getMessage());
        assertEquals("n=1|ab", render("{{ 'n=' ~ 1 }}|{{ 'a' + 'b' }}"));
    }

    @Test
    void whitespaceRulesAreJinja2s() {
        // lstrip_blocks only strips whitespace alone on the tag's line: the space before {% if %} stays.
        assertEquals("a b end", render("{% for m in xs %}{{ m }} {% if loop.last %}end{% endif %}{% endfor %}",
                Map.of("xs", List.of("a", "b"))));
        assertEquals("  x\n", render("  {% if true %}\n  x\n  {% endif %}\n"));
        assertEquals("ab", render("a\u3000 {%- if true %}b{% endif %}"), "'-' strips Unicode whitespace");
        assertEquals("\nx", render("{% if true +%}\nx{% endif %}"), "'+%}' keeps the newline");
        assertEquals("ab", render("a {#- c -#} b"));
        assertEquals("x", render("x\n"), "one trailing newline of the source is dropped");
        assertEquals("hi\n", render("{{ c }}\n", Map.of("c", "hi\n")), "but not one that comes from a value");
        assertEquals("a\nb\nc", render("a\r\nb\rc"));
    }

    @Test
    void stringLiteralsUsePythonEscapes() {
        assertEquals("café|A|•|ab|\\d", render("{{ 'caf\\u00e9|\\x41|\\N{BULLET}|a\\\nb|\\d' }}"));
        assertEquals("{\"k\": {}}", render("{{ {'k': {}} | tojson }}"));
    }

    @Test
    void valuesAreNeverRenderedAsTemplates() {
        assertEquals("{{ 7 * 7 }}{% if %}", render("{{ c }}", Map.of("c", "{{ 7 * 7 }}{% if %}")));
    }

    @Test
    void transformersGlobalsAndTags() {
        assertTrue(render("{% if strftime_now is defined %}{{ strftime_now('%Y-%m') }}{% endif %}").matches("\\d{4}-\\d{2}"));
        assertEquals("x", render("{% generation %}x{% endgeneration %}"));
        assertEquals("13", render("{% for i in [1, 2, 3] %}{% if i == 2 %}{% continue %}{% endif %}{{ i }}{% endfor %}"));
    }
}
