package dev.bitnet4j.generate.constrain;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bitnet4j.BitNetException;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The subset of JSON Schema that constrained decoding enforces: {@code type} (one or a list of
 * object, array, string, number, integer, boolean, null), {@code properties}, {@code required},
 * {@code additionalProperties} (true, false or a schema), {@code items}, {@code enum} and
 * {@code const}. Annotations (title, description, ...) are ignored; any other keyword is refused,
 * because silently ignoring a constraint would produce output the caller's validator rejects.
 *
 * @param types      allowed types; empty = any
 * @param properties declared properties, in order
 * @param required   names that must appear before the object closes
 * @param closed     additionalProperties: false (only declared properties)
 * @param additional the schema of undeclared properties when not closed; null = any
 * @param items      the schema of array elements; null = any
 * @param choices    with enum/const: the allowed values as compact JSON text (the output must spell
 *                   one exactly); null otherwise
 */
public record JsonSchema(Set<Type> types, Map<String, JsonSchema> properties, Set<String> required,
                         boolean closed, JsonSchema additional, JsonSchema items, List<String> choices) {

    public enum Type { OBJECT, ARRAY, STRING, NUMBER, INTEGER, BOOLEAN, NULL }

    /** Any JSON value. */
    public static final JsonSchema ANY = new JsonSchema(Set.of(), Map.of(), Set.of(), false, null, null, null);

    /** Any JSON object: what {@code response_format: json_object} asks for. */
    public static final JsonSchema ANY_OBJECT = new JsonSchema(Set.of(Type.OBJECT), Map.of(), Set.of(), false, null, null, null);

    private static final Set<String> ANNOTATIONS = Set.of("title", "description", "$schema", "$id", "$comment",
            "default", "examples", "deprecated", "readOnly", "writeOnly");

    /** Reads a schema; a {@link BitNetException} names the first keyword or value it cannot enforce. */
    public static JsonSchema parse(JsonNode node) {
        return parse(node, "schema");
    }

    private static JsonSchema parse(JsonNode node, String where) {
        if (node.isBoolean() && node.booleanValue()) return ANY;
        if (!node.isObject()) throw bad(where + " must be an object (or true)");
        Set<Type> types = EnumSet.noneOf(Type.class);
        Map<String, JsonSchema> properties = new LinkedHashMap<>();
        Set<String> required = new java.util.LinkedHashSet<>();
        JsonSchema additional = null, items = null;
        boolean closed = false;
        List<String> choices = null;
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = e.getKey();
            JsonNode v = e.getValue();
            String at = where + "." + key;
            switch (key) {
                case "type" -> {
                    if (v.isTextual()) types.add(type(v.textValue(), at));
                    else if (v.isArray()) for (JsonNode t : v) types.add(type(t.asText(), at));
                    else throw bad(at + " must be a type name or an array of them");
                }
                case "properties" -> {
                    if (!v.isObject()) throw bad(at + " must be an object");
                    for (Iterator<Map.Entry<String, JsonNode>> p = v.fields(); p.hasNext(); ) {
                        Map.Entry<String, JsonNode> pe = p.next();
                        properties.put(pe.getKey(), parse(pe.getValue(), at + "." + pe.getKey()));
                    }
                }
                case "required" -> {
                    if (!v.isArray()) throw bad(at + " must be an array of names");
                    for (JsonNode r : v) {
                        if (!r.isTextual()) throw bad(at + " must be an array of names");
                        required.add(r.textValue());
                    }
                }
                case "additionalProperties" -> {
                    closed = v.isBoolean() && !v.booleanValue();
                    if (!closed) additional = parse(v, at);
                }
                case "items" -> items = parse(v, at);
                case "enum" -> {
                    if (!v.isArray() || v.isEmpty()) throw bad(at + " must be a non-empty array");
                    choices = new ArrayList<>();
                    for (JsonNode c : v) choices.add(c.toString());
                }
                case "const" -> choices = List.of(v.toString());
                default -> {
                    if (!ANNOTATIONS.contains(key)) {
                        throw bad("JSON schema keyword '" + key + "' (at " + at + ") is not supported; supported: type, properties, "
                                + "required, additionalProperties, items, enum, const");
                    }
                }
            }
        }
        for (String r : required) {
            if (closed && !properties.containsKey(r)) {
                throw bad(where + ".required names '" + r + "', which is not in properties and additionalProperties is false");
            }
        }
        return new JsonSchema(Set.copyOf(types), Map.copyOf(properties), Set.copyOf(required), closed, additional, items,
                choices == null ? null : List.copyOf(choices));
    }

    /** Whether a value of this type may appear (integer counts as a number only when number is listed). */
    boolean allows(Type t) {
        return types.isEmpty() || types.contains(t) || (t == Type.INTEGER && types.contains(Type.NUMBER));
    }

    /** The schema of a property's value, or null when the name is not allowed. */
    JsonSchema property(String name) {
        JsonSchema s = properties.get(name);
        return s != null ? s : closed ? null : additional != null ? additional : ANY;
    }

    /** The schema of array elements. */
    JsonSchema itemSchema() {
        return items != null ? items : ANY;
    }

    private static Type type(String name, String at) {
        for (Type t : Type.values()) if (t.name().equalsIgnoreCase(name)) return t;
        throw bad(at + ": unknown type '" + name + "'");
    }

    private static BitNetException bad(String message) {
        return new BitNetException(message);
    }
}
