package dev.bitnet4j.generate.constrain;

import dev.bitnet4j.format.Json;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Where a byte-at-a-time recognizer of JSON documents (valid against a {@link JsonSchema}) stands.
 * States are immutable: {@link #feed} returns the next state, or null when the byte cannot continue
 * any valid document. Trying a token is therefore free to undo, which is what constrained sampling
 * does to thousands of candidates per step.
 * <p>
 * The input is UTF-8: strings must hold well-formed UTF-8 and no control characters. The document
 * ends at its last byte (no trailing whitespace), and whitespace runs between tokens are capped at
 * {@link #MAX_WHITESPACE} bytes, so a model cannot pad forever instead of writing the document.
 * Enum/const values and the keys of objects without additionalProperties must be spelled exactly as
 * compact JSON. Bytes are passed as ints 0..255; texts are kept as ISO-8859-1 strings of the bytes.
 */
abstract sealed class JsonState {
    static final int MAX_WHITESPACE = 20;

    /** The container this value belongs to, in the phase that awaits it; null at the top level. */
    final Container parent;

    JsonState(Container parent) {
        this.parent = parent;
    }

    /** The state after byte b (0..255), or null when b cannot come next. */
    abstract JsonState feed(int b);

    /** Whether this value may end here (a number or enum value that could also go on). */
    boolean canEnd() {
        return false;
    }

    /** Whether the bytes so far form a whole document. */
    final boolean complete() {
        return this == End.END || (parent == null && canEnd());
    }

    static JsonState start(JsonSchema schema) {
        return new Value(schema, null, 0);
    }

    /** The state after all the bytes, or null when one of them is rejected. */
    static JsonState feed(JsonState s, byte[] bytes) {
        for (int i = 0; i < bytes.length && s != null; i++) s = s.feed(bytes[i] & 0xff);
        return s;
    }

    static boolean whitespace(int b) {
        return b == ' ' || b == '\n' || b == '\r' || b == '\t';
    }

    /** A finished value hands control back to its container (or ends the document). */
    static JsonState done(Container parent, String raw) {
        return parent == null ? End.END : parent.childDone(raw);
    }

    /** The ISO-8859-1 view of a string's UTF-8 bytes, to compare with fed bytes. */
    static String bytesOf(String s) {
        return new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }

    /** Objects and arrays: they await values and take them back when done. */
    abstract static sealed class Container extends JsonState permits Obj, Arr {
        Container(Container parent) {
            super(parent);
        }

        /** The container after its awaited child (raw: the child's bytes, for keys only) is complete; null to refuse it. */
        abstract JsonState childDone(String raw);
    }

    /** Expecting a value; whitespace may come first. */
    static final class Value extends JsonState {
        private final JsonSchema schema;
        private final int ws;

        Value(JsonSchema schema, Container parent, int ws) {
            super(parent);
            this.schema = schema;
            this.ws = ws;
        }

        @Override
        JsonState feed(int b) {
            if (whitespace(b)) return ws < MAX_WHITESPACE ? new Value(schema, parent, ws + 1) : null;
            return begin(schema, parent, b);
        }

        /** The value that byte b starts, if the schema allows one. */
        static JsonState begin(JsonSchema schema, Container parent, int b) {
            if (schema.choices() != null) return new Choice(parent, schema.choices().stream().map(JsonState::bytesOf).toList(), "").feed(b);
            return switch (b) {
                case '{' -> schema.allows(JsonSchema.Type.OBJECT) ? new Obj(schema, parent, Obj.OPEN, Set.of(), null, 0) : null;
                case '[' -> schema.allows(JsonSchema.Type.ARRAY) ? new Arr(schema, parent, Arr.OPEN, 0) : null;
                case '"' -> schema.allows(JsonSchema.Type.STRING) ? new Str(parent, null, Str.NORMAL, 0, 0, 0) : null;
                case 't', 'f' -> schema.allows(JsonSchema.Type.BOOLEAN) ? new Choice(parent, List.of("true", "false"), "").feed(b) : null;
                case 'n' -> schema.allows(JsonSchema.Type.NULL) ? new Choice(parent, List.of("null"), "").feed(b) : null;
                default -> (b == '-' || (b >= '0' && b <= '9')) && schema.allows(JsonSchema.Type.INTEGER)
                        ? new Num(parent, !schema.allows(JsonSchema.Type.NUMBER), Num.START).feed(b) : null;
            };
        }
    }

    /** After the document: nothing more. */
    static final class End extends JsonState {
        static final End END = new End();

        private End() {
            super(null);
        }

        @Override
        JsonState feed(int b) {
            return null;
        }
    }

    /**
     * One of a fixed set of texts (enum, const, true/false/null, or a declared key): the bytes must
     * stay a prefix of one of them.
     */
    static final class Choice extends JsonState {
        private final List<String> choices;
        private final String typed;

        Choice(Container parent, List<String> choices, String typed) {
            super(parent);
            this.choices = choices;
            this.typed = typed;
        }

        @Override
        JsonState feed(int b) {
            String next = typed + (char) b;
            List<String> left = new ArrayList<>(choices.size());
            for (String c : choices) if (c.startsWith(next)) left.add(c);
            if (!left.isEmpty()) return new Choice(parent, left, next);
            return canEnd() ? done(parent, typed).feed(b) : null; // b belongs to whatever follows
        }

        @Override
        boolean canEnd() {
            return choices.contains(typed);
        }
    }

    /** Inside a string (after the opening quote). Keys keep their raw bytes so the object can look them up. */
    static final class Str extends JsonState {
        static final int NORMAL = 0, ESCAPE = 1, UNICODE = 2, UTF8 = 3;
        private final String raw;          // the bytes so far, quote included, for keys; null for values
        private final int mode, left, lo, hi; // UNICODE: hex digits left; UTF8: continuation bytes left, next in lo..hi

        Str(Container parent, String raw, int mode, int left, int lo, int hi) {
            super(parent);
            this.raw = raw;
            this.mode = mode;
            this.left = left;
            this.lo = lo;
            this.hi = hi;
        }

        private Str next(int b, int mode, int left, int lo, int hi) {
            return new Str(parent, raw == null ? null : raw + (char) b, mode, left, lo, hi);
        }

        @Override
        JsonState feed(int b) {
            return switch (mode) {
                case ESCAPE -> b == 'u' ? next(b, UNICODE, 4, 0, 0)
                        : "\"\\/bfnrt".indexOf(b) >= 0 ? next(b, NORMAL, 0, 0, 0) : null;
                case UNICODE -> Character.digit(b, 16) < 0 ? null : next(b, left == 1 ? NORMAL : UNICODE, left - 1, 0, 0);
                case UTF8 -> b < lo || b > hi ? null : next(b, left == 1 ? NORMAL : UTF8, left - 1, 0x80, 0xBF);
                default -> normal(b);
            };
        }

        private JsonState normal(int b) {
            if (b == '"') return done(parent, raw == null ? null : raw + '"');
            if (b == '\\') return next(b, ESCAPE, 0, 0, 0);
            if (b < 0x20) return null;
            if (b < 0x80) return next(b, NORMAL, 0, 0, 0);
            // the lead byte fixes how many continuation bytes follow and the range of the first (no overlongs, no surrogates)
            if (b >= 0xC2 && b <= 0xDF) return next(b, UTF8, 1, 0x80, 0xBF);
            if (b == 0xE0) return next(b, UTF8, 2, 0xA0, 0xBF);
            if (b == 0xED) return next(b, UTF8, 2, 0x80, 0x9F);
            if (b >= 0xE1 && b <= 0xEF) return next(b, UTF8, 2, 0x80, 0xBF);
            if (b == 0xF0) return next(b, UTF8, 3, 0x90, 0xBF);
            if (b >= 0xF1 && b <= 0xF3) return next(b, UTF8, 3, 0x80, 0xBF);
            if (b == 0xF4) return next(b, UTF8, 3, 0x80, 0x8F);
            return null;
        }
    }

    /** A number, or an integer (no fraction, no exponent); it ends at the first byte that cannot extend it. */
    static final class Num extends JsonState {
        static final int START = 0, MINUS = 1, ZERO = 2, INT = 3, DOT = 4, FRAC = 5, E = 6, E_SIGN = 7, EXP = 8;
        private final boolean integer;
        private final int phase;

        Num(Container parent, boolean integer, int phase) {
            super(parent);
            this.integer = integer;
            this.phase = phase;
        }

        @Override
        JsonState feed(int b) {
            boolean digit = b >= '0' && b <= '9';
            int next = switch (phase) {
                case START -> b == '-' ? MINUS : b == '0' ? ZERO : digit ? INT : -1;
                case MINUS -> b == '0' ? ZERO : digit ? INT : -1;
                case ZERO, INT -> digit && phase == INT ? INT : b == '.' && !integer ? DOT : (b == 'e' || b == 'E') && !integer ? E : -1;
                case DOT -> digit ? FRAC : -1;
                case FRAC -> digit ? FRAC : b == 'e' || b == 'E' ? E : -1;
                case E -> b == '+' || b == '-' ? E_SIGN : digit ? EXP : -1;
                default -> digit ? EXP : -1; // E_SIGN, EXP
            };
            if (next >= 0) return new Num(parent, integer, next);
            return canEnd() ? done(parent, null).feed(b) : null;
        }

        @Override
        boolean canEnd() {
            return phase == ZERO || phase == INT || phase == FRAC || phase == EXP;
        }
    }

    /** An object: after '{' (OPEN), inside a key (KEY), after a key (COLON), inside a value (VALUE), after a value (NEXT), after ',' (COMMA). */
    static final class Obj extends Container {
        static final int OPEN = 0, KEY = 1, COLON = 2, VALUE = 3, NEXT = 4, COMMA = 5;
        private final JsonSchema schema;
        private final int phase;
        private final Set<String> used;     // keys written so far
        private final JsonSchema pending;   // COLON: the schema of the value the key announced
        private final int ws;

        Obj(JsonSchema schema, Container parent, int phase, Set<String> used, JsonSchema pending, int ws) {
            super(parent);
            this.schema = schema;
            this.phase = phase;
            this.used = used;
            this.pending = pending;
            this.ws = ws;
        }

        private Obj with(int phase, Set<String> used, JsonSchema pending, int ws) {
            return new Obj(schema, parent, phase, used, pending, ws);
        }

        @Override
        JsonState feed(int b) {
            if (whitespace(b)) return ws < MAX_WHITESPACE ? with(phase, used, pending, ws + 1) : null;
            return switch (phase) {
                case OPEN -> b == '"' ? key() : b == '}' ? close() : null;
                case COMMA -> b == '"' ? key() : null;
                case COLON -> b == ':' ? new Value(pending, with(VALUE, used, null, 0), 0) : null;
                // a closed object only ever uses declared names, so it has names left while it has used fewer
                case NEXT -> b == '}' ? close() : b == ',' && (!schema.closed() || used.size() < schema.properties().size())
                        ? with(COMMA, used, null, 0) : null;
                default -> null; // KEY and VALUE are never the current state: their child is
            };
        }

        private JsonState close() {
            return used.containsAll(schema.required()) ? done(parent, null) : null;
        }

        /** The declared names not yet used, as the JSON text of their keys. */
        private List<String> namesLeft() {
            List<String> left = new ArrayList<>();
            for (String name : schema.properties().keySet()) {
                if (!used.contains(name)) left.add(bytesOf(Json.MAPPER.getNodeFactory().textNode(name).toString()));
            }
            return left;
        }

        private JsonState key() {
            Obj awaiting = with(KEY, used, null, 0);
            if (!schema.closed()) return new Str(awaiting, "\"", Str.NORMAL, 0, 0, 0);
            List<String> names = namesLeft();
            return names.isEmpty() ? null : new Choice(awaiting, names, "\"");
        }

        @Override
        JsonState childDone(String raw) {
            if (phase == VALUE) return with(NEXT, used, null, 0);
            String name;
            try {
                name = Json.MAPPER.readValue(raw.getBytes(StandardCharsets.ISO_8859_1), String.class);
            } catch (IOException e) {
                return null; // e.g. a lone surrogate escape Jackson refuses
            }
            JsonSchema value = schema.property(name);
            if (value == null || used.contains(name)) return null; // undeclared or duplicate
            Set<String> now = new HashSet<>(used);
            now.add(name);
            return with(COLON, Set.copyOf(now), value, 0);
        }
    }

    /** An array: after '[' (OPEN), inside an element (VALUE), after an element (NEXT). */
    static final class Arr extends Container {
        static final int OPEN = 0, VALUE = 1, NEXT = 2;
        private final JsonSchema schema;
        private final int phase, ws;

        Arr(JsonSchema schema, Container parent, int phase, int ws) {
            super(parent);
            this.schema = schema;
            this.phase = phase;
            this.ws = ws;
        }

        @Override
        JsonState feed(int b) {
            if (whitespace(b)) return ws < MAX_WHITESPACE ? new Arr(schema, parent, phase, ws + 1) : null;
            if (b == ']' && phase != VALUE) return done(parent, null);
            if (phase == OPEN) return Value.begin(schema.itemSchema(), new Arr(schema, parent, VALUE, 0), b);
            if (phase == NEXT && b == ',') return new Value(schema.itemSchema(), new Arr(schema, parent, VALUE, 0), 0);
            return null;
        }

        @Override
        JsonState childDone(String raw) {
            return new Arr(schema, parent, NEXT, 0);
        }
    }
}
