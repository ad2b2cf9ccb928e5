package dev.bitnet4j.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bitnet4j.BitNetException;
import dev.bitnet4j.generate.constrain.JsonSchema;

/**
 * Reads OpenAI's {@code response_format}: {@code {"type": "text"}} (no constraint),
 * {@code {"type": "json_object"}} (any JSON object) or {@code {"type": "json_schema", "json_schema":
 * {"name", "schema", "strict"}}}. The JSON ones become the schema that constrained decoding enforces;
 * a schema keyword it cannot enforce is a 400 naming it, whatever "strict" says, since output that
 * ignores part of a schema is what strict mode exists to prevent.
 */
final class ResponseFormat {
    static final String PARAM = "response_format";

    private ResponseFormat() {}

    /** The schema to enforce, or null for plain text. */
    static JsonSchema parse(JsonNode format) {
        if (format == null) return null;
        JsonNode type = format.isObject() ? format.get("type") : null;
        if (type == null || !type.isTextual()) throw ApiError.badParam(PARAM, "'response_format' must be an object with a string 'type'");
        return switch (type.textValue()) {
            case "text" -> null;
            case "json_object" -> JsonSchema.ANY_OBJECT;
            case "json_schema" -> schema(format.get("json_schema"));
            default -> throw ApiError.badParam(PARAM, "'response_format.type' must be text, json_object or json_schema, found '"
                    + type.textValue() + "'");
        };
    }

    private static JsonSchema schema(JsonNode spec) {
        if (spec == null || !spec.isObject()) throw ApiError.badParam(PARAM, "'response_format.json_schema' must be an object");
        JsonNode name = spec.get("name");
        if (name == null || !name.isTextual()) throw ApiError.badParam(PARAM, "'response_format.json_schema.name' must be a string");
        JsonNode schema = spec.get("schema");
        if (schema == null || schema.isNull()) return JsonSchema.ANY; // OpenAI: no schema means any JSON
        try {
            return JsonSchema.parse(schema);
        } catch (BitNetException e) {
            throw ApiError.badParam(PARAM, "response_format.json_schema: " + e.getMessage());
        }
    }
}
