package dev.bitnet4j.chat;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.LegacyOverrides;
import com.hubspot.jinjava.el.JinjavaInterpreterResolver;
import com.hubspot.jinjava.interpret.RenderResult;
import com.hubspot.jinjava.interpret.TemplateError;
import dev.bitnet4j.BitNetException;
import jinjava.javax.el.CompositeELResolver;
import jinjava.javax.el.ExpressionFactory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders Jinja2 source with Jinjava set up like transformers' {@code apply_chat_template} environment
 * ({@code trim_blocks}, {@code lstrip_blocks}, loop controls, {@code raise_exception}, {@code strftime_now},
 * its {@code tojson}), plus the Python semantics Jinjava lacks: whitespace rules ({@link Jinja2Source}),
 * filters and tests ({@link PyBuiltins}), str methods ({@link PyStringResolver}), printing
 * ({@link PyValues}) and operators ({@link PyExpressions}). Jinjava collects errors instead of throwing;
 * every fatal one becomes a {@link BitNetException} here.
 *
 * <p>Known differences that remain (none occurs in the 2B4T template): Jinjava has one null for None
 * and undefined, so a variable passed as null is not "defined", None prints as nothing, and
 * {@code undefined.attr} is no error; {@code 'ab' * 3}, chained comparisons ({@code a < b < c}),
 * {@code '%s' % x}, {@code str.format}, {@code loop.previtem}, {@code {% filter %}}, adjacent string
 * literals, and the filters {@code max}, {@code min}, {@code truncate}, {@code batch} are missing or
 * differ; integer {@code //} truncates toward zero; and rendering goes on after a failed expression
 * (the result is then discarded and the error thrown).
 */
final class JinjaRenderer {
    private JinjaRenderer() {}

    private static final Jinjava JINJAVA = create();

    /**
     * Jinja2 globals are variables too: templates test {@code strftime_now is defined} before calling it.
     * Jinjava's functions are not variables, so each also gets a variable of its name (calls still go
     * to the function).
     */
    private static final Map<String, Object> GLOBALS = Map.of(
            "raise_exception", "<function raise_exception>", "strftime_now", "<function strftime_now>");

    private static Jinjava create() {
        CompositeELResolver resolver = new CompositeELResolver();
        resolver.add(new PyStringResolver());
        resolver.add(JinjavaInterpreterResolver.DEFAULT_RESOLVER_READ_ONLY);
        JinjavaConfig config = JinjavaConfig.newBuilder()
                // transformers turns trim_blocks and lstrip_blocks on; Jinja2Source applies them (and the
                // whitespace-control signs) the way Jinja2 does, so Jinjava must not apply its own versions.
                .withTrimBlocks(false)
                .withLstripBlocks(false)
                // A message that contains "{{ x }}" is text: Jinjava would otherwise render it again as template code.
                .withNestedInterpretationEnabled(false)
                // Jinjava's "false" strips a newline from the output (even one that came from a message);
                // Jinja2 drops one from the template source, which Jinja2Source does.
                .withKeepTrailingNewline(true)
                .withElResolver(resolver)
                .withInterperterFactory(new JinjaHooks.Factory())
                .withLegacyOverrides(LegacyOverrides.newBuilder()
                        // Jinja2Source has removed every whitespace-control sign, so a "-" left at the edge of a
                        // tag is an operator: without this, Jinjava reads {{ -1 }} as {{- 1 }} and prints 1.
                        .withParseWhitespaceControlStrictly(true)
                        .withEvaluateMapKeys(true)       // {key: v} reads the variable key, as in Python
                        .withIterateOverMapKeys(true)    // for k in mapping: the keys, not the values
                        .withKeepNullableLoopValues(true) // for x in [none, 1]: two iterations
                        .build())
                .build();
        ExpressionFactory expressions = PyExpressions.factory();
        Jinjava jinjava = new Jinjava(config) {
            @Override
            public ExpressionFactory getExpressionFactory() {
                return expressions;
            }
        };
        PyBuiltins.filters().forEach(jinjava::registerFilter);
        PyBuiltins.tests().forEach(jinjava::registerExpTest);
        jinjava.registerFunction(JinjaHooks.function("raise_exception", JinjaHooks.class, "raiseException", Object.class));
        jinjava.registerFunction(JinjaHooks.function("strftime_now", JinjaHooks.class, "strftimeNow", String.class));
        jinjava.registerFunction(JinjaHooks.function(PySlice.FUNCTION, PySlice.class, "key", Object.class, Object.class, Object.class));
        jinjava.registerTag(new JinjaHooks.GenerationTag());
        return jinjava;
    }

    /**
     * Applies Jinja2's whitespace rules to the source once (see {@link Jinja2Source}).
     *
     * @param origin where the template came from, for error messages (a file path, "built-in", ...)
     * @throws BitNetException for an unclosed tag or comment
     */
    static Jinja2Source.Prepared prepare(String source, String origin) {
        try {
            return Jinja2Source.prepare(source);
        } catch (Jinja2Source.SyntaxError e) {
            throw new BitNetException(origin + ": chat template error: " + e.getMessage());
        }
    }

    /**
     * @throws BitNetException naming {@code origin}, for a syntax error, an unknown filter or test, a failed
     *                         expression, or the template's own {@code raise_exception}
     */
    static String render(Jinja2Source.Prepared template, String origin, Map<String, ?> variables) {
        Map<String, Object> vars = new LinkedHashMap<>(GLOBALS);
        vars.putAll(variables);
        RenderResult result = JINJAVA.renderForResult(template.text(), vars);
        List<TemplateError> fatal = result.getErrors().stream()
                .filter(e -> e.getSeverity() == TemplateError.ErrorType.FATAL).toList();
        for (TemplateError e : fatal) {
            JinjaHooks.Raised raised = raised(e.getException());
            if (raised != null) {
                throw new BitNetException("chat template raised: " + raised.getMessage() + " (" + origin + ")");
            }
        }
        if (!fatal.isEmpty()) {
            TemplateError first = fatal.getFirst();
            String more = fatal.size() > 1 ? " (and " + (fatal.size() - 1) + " more error(s))" : "";
            String line = first.getLineno() > 0 ? " at line " + template.toSourceLine(first.getLineno()) : "";
            throw new BitNetException(origin + ": chat template error" + line + ": " + readable(first.getMessage()) + more);
        }
        return result.getOutput();
    }

    /** Jinjava prefixes causes with Java class names ("InterpretException: ..."); they mean nothing to a user. */
    private static String readable(String message) {
        return String.valueOf(message).replaceAll("\\b[A-Z]\\w*(?:Exception|Error): ", "");
    }

    private static JinjaHooks.Raised raised(Throwable t) {
        for (int depth = 0; t != null && depth < 20; t = t.getCause(), depth++) {
            if (t instanceof JinjaHooks.Raised r) return r;
        }
        return null;
    }
}
