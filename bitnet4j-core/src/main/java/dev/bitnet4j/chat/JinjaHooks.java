package dev.bitnet4j.chat;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.interpret.Context;
import com.hubspot.jinjava.interpret.InterpreterFactory;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.interpret.TemplateError;
import com.hubspot.jinjava.interpret.TemplateError.ErrorItem;
import com.hubspot.jinjava.interpret.TemplateError.ErrorReason;
import com.hubspot.jinjava.interpret.TemplateError.ErrorType;
import com.hubspot.jinjava.lib.exptest.ExpTest;
import com.hubspot.jinjava.lib.filter.Filter;
import com.hubspot.jinjava.lib.fn.ELFunctionDefinition;
import com.hubspot.jinjava.lib.tag.Tag;
import com.hubspot.jinjava.objects.date.StrftimeFormatter;
import com.hubspot.jinjava.tree.Node;
import com.hubspot.jinjava.tree.TagNode;

import java.lang.reflect.Method;
import java.time.ZonedDateTime;
import java.util.Locale;

/** The pieces that make Jinjava behave like transformers' Jinja2 environment where config alone cannot. */
final class JinjaHooks {
    private JinjaHooks() {}

    /** Thrown by {@code raise_exception(msg)}; the renderer finds it among Jinjava's collected errors. */
    static final class Raised extends RuntimeException {
        Raised(String message) {
            super(message, null, false, false);
        }
    }

    /** transformers' {@code raise_exception}: a template's way of rejecting a conversation. */
    public static Object raiseException(Object message) {
        throw new Raised(PyValues.str(message));
    }

    /** transformers' {@code strftime_now}: Python's {@code datetime.now().strftime(format)} (English names). */
    public static String strftimeNow(String format) {
        return StrftimeFormatter.format(ZonedDateTime.now(), format, Locale.ENGLISH);
    }

    /** A Jinja function backed by a public static method of a class in this package. */
    static ELFunctionDefinition function(String name, Class<?> owner, String method, Class<?>... params) {
        try {
            Method m = owner.getMethod(method, params);
            m.setAccessible(true); // Jinjava calls it reflectively from its own package; the class is package-private
            return new ELFunctionDefinition("", name, m);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Interpreters that print values the Python way ({@code {{ true }}} is "True", a list prints as
     * {@code ['a', 1]}) and whose scope fails on unknown filters and tests, as Jinja2 does, where Jinjava
     * would silently yield nothing.
     */
    static final class Factory implements InterpreterFactory {
        @Override
        public JinjavaInterpreter newInstance(JinjavaInterpreter orig) {
            return new PyInterpreter(orig);
        }

        @Override
        public JinjavaInterpreter newInstance(Jinjava application, Context context, JinjavaConfig config) {
            return new PyInterpreter(application, new StrictContext(context), config);
        }
    }

    private static final class PyInterpreter extends JinjavaInterpreter {
        PyInterpreter(Jinjava application, Context context, JinjavaConfig config) {
            super(application, context, config);
        }

        PyInterpreter(JinjavaInterpreter orig) {
            super(orig);
        }

        @Override
        public String getAsString(Object object) {
            return PyValues.str(object);
        }
    }

    private static final class StrictContext extends Context {
        StrictContext(Context parent) {
            super(parent);
        }

        @Override
        public Filter getFilter(String name) {
            Filter f = super.getFilter(name);
            if (f == null) unknown(ErrorItem.FILTER, "No filter named '" + name + "'", name);
            return f;
        }

        @Override
        public ExpTest getExpTest(String name) {
            ExpTest t = super.getExpTest(name);
            if (t == null) unknown(ErrorItem.EXPRESSION_TEST, "No test named '" + name + "'", name);
            return t;
        }

        private static void unknown(ErrorItem item, String message, String name) {
            JinjavaInterpreter.getCurrentMaybe().ifPresent(i -> i.addError(new TemplateError(
                    ErrorType.FATAL, ErrorReason.UNKNOWN, item, message, name, i.getLineNumber(), null)));
        }
    }

    /**
     * transformers' {@code {% generation %}…{% endgeneration %}} (its AssistantTracker extension) marks
     * assistant text for training masks; for rendering it is a plain block.
     */
    static final class GenerationTag implements Tag {
        @Override
        public String getName() {
            return "generation";
        }

        @Override
        public String interpret(TagNode tagNode, JinjavaInterpreter interpreter) {
            StringBuilder out = new StringBuilder();
            for (Node child : tagNode.getChildren()) out.append(child.render(interpreter).getValue());
            return out.toString();
        }
    }
}
