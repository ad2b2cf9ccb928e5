package dev.bitnet4j.chat;

import com.hubspot.jinjava.el.ExtendedSyntaxBuilder;
import com.hubspot.jinjava.el.TruthyTypeConverter;
import com.hubspot.jinjava.el.ext.AdditionOperator;
import com.hubspot.jinjava.el.ext.ExtendedParser;
import com.hubspot.jinjava.objects.SafeString;
import jinjava.de.odysseus.el.ExpressionFactoryImpl;
import jinjava.de.odysseus.el.misc.TypeConverter;
import jinjava.de.odysseus.el.tree.TreeBuilder;
import jinjava.de.odysseus.el.tree.impl.Builder;
import jinjava.de.odysseus.el.tree.impl.Parser;
import jinjava.de.odysseus.el.tree.impl.Scanner;
import jinjava.de.odysseus.el.tree.impl.ast.AstBinary;
import jinjava.de.odysseus.el.tree.impl.ast.AstNode;
import jinjava.de.odysseus.el.tree.impl.ast.AstUnary;

import java.util.Map;
import java.util.Properties;

/**
 * Jinjava's expression parser and string coercion, adjusted where Jinja2 differs.
 * <ul>
 *   <li>Precedence of {@code not}: Jinja2 puts it below comparisons, so {@code not x|length == 1} is
 *       {@code not (x|length == 1)}; Jinjava binds it to the operand ({@code (not x|length) == 1}, an
 *       error). Jinjava's "natural precedence" option fixes that but breaks {@code not x is defined}
 *       (it becomes {@code (not x) is defined}), which chat templates use everywhere. Parsing
 *       {@code not} at the equality level, as done here, gets both right.</li>
 *   <li>{@code +} of text and non-text is an error, as in Python (see {@link PyAddition}).</li>
 *   <li>{@code ~} writes values the way Python's {@code str()} does (True, not true).</li>
 * </ul>
 */
final class PyExpressions {
    private PyExpressions() {}

    /** Jinjava's own factory settings, with the parser and converter below. */
    static ExpressionFactoryImpl factory() {
        Properties props = new Properties();
        props.setProperty(TreeBuilder.class.getName(), ExtendedSyntaxBuilder.class.getName());
        return new ExpressionFactoryImpl(props, new PyConverter()) {
            @Override
            protected TreeBuilder createTreeBuilder(Properties properties, Builder.Feature... features) {
                return new PySyntaxBuilder(features);
            }
        };
    }

    private static final class PySyntaxBuilder extends ExtendedSyntaxBuilder {
        private static final long serialVersionUID = 1L;

        PySyntaxBuilder(Builder.Feature... features) {
            super(features);
        }

        @Override
        protected Parser createParser(String expression) {
            return new PyParser(this, expression);
        }
    }

    private static final class PyParser extends ExtendedParser {
        PyParser(Builder builder, String input) {
            super(builder, input);
        }

        @Override
        protected AstNode eq(boolean required) throws Scanner.ScanException, ParseException {
            if (getToken().getSymbol() == Scanner.Symbol.NOT) {
                consumeToken();
                return createAstUnary(eq(true), AstUnary.NOT);
            }
            return super.eq(required);
        }

        @Override
        protected AstBinary createAstBinary(AstNode left, AstNode right, AstBinary.Operator operator) {
            return super.createAstBinary(left, right, operator == AdditionOperator.OP ? PyAddition.OP : operator);
        }
    }

    /**
     * {@code +} as in Python: text only joins text. Jinjava would glue anything to a string
     * ({@code 'x' + none} is "xnull", a dict comes out as {@code {k=v}}), silently putting Java's
     * notation into the prompt where transformers stops with a TypeError.
     */
    private static final class PyAddition extends AdditionOperator {
        static final PyAddition OP = new PyAddition();

        @Override
        protected Object apply(TypeConverter converter, Object o1, Object o2) {
            boolean text1 = o1 instanceof String || o1 instanceof SafeString;
            boolean text2 = o2 instanceof String || o2 instanceof SafeString;
            if (text1 != text2) {
                throw new IllegalArgumentException("can only concatenate str (not \"" + pyType(text1 ? o2 : o1)
                        + "\") to str; use ~ or | string to convert");
            }
            return super.apply(converter, o1, o2);
        }

        private static String pyType(Object o) {
            return switch (o) {
                case null -> "NoneType (or undefined)";
                case Boolean b -> "bool";
                case Double d -> "float";
                case Number n -> "int";
                case Map<?, ?> m -> "dict";
                case Iterable<?> i -> "list";
                default -> o.getClass().getSimpleName();
            };
        }
    }

    private static final class PyConverter extends TruthyTypeConverter {
        private static final long serialVersionUID = 1L;

        @Override
        protected String coerceToString(Object value) {
            if (value instanceof Boolean || value instanceof Double || value instanceof Float
                    || value instanceof Map<?, ?> || value instanceof Iterable<?>) {
                return PyValues.str(value);
            }
            return super.coerceToString(value);
        }
    }
}
