package dev.bitnet4j.generate.constrain;

import dev.bitnet4j.BitNetException;
import dev.bitnet4j.format.Json;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.*;

/** The JSON prefix recognizer, on its own and with schemas. */
class JsonStateTest {

    static JsonState feed(JsonSchema schema, String text) {
        return JsonState.feed(JsonState.start(schema), text.getBytes(StandardCharsets.UTF_8));
    }

    static void prefix(JsonSchema schema, String text) {
        JsonState s = feed(schema, text);
        assertNotNull(s, "should be a valid prefix: " + text);
        assertFalse(s.complete(), "should not be complete yet: " + text);
    }

    static void whole(JsonSchema schema, String text) {
        JsonState s = feed(schema, text);
        assertNotNull(s, "should be valid: " + text);
        assertTrue(s.complete(), "should be complete: " + text);
    }

    static void invalid(JsonSchema schema, String text) {
        assertNull(feed(schema, text), "should be rejected: " + text);
    }

    static JsonSchema schema(String json) {
        return JsonSchema.parse(Json.parse(json.getBytes(StandardCharsets.UTF_8), "schema"));
    }

    @Test
    void anyValue() {
        JsonSchema any = JsonSchema.ANY;
        for (String s : new String[]{"{}", "[]", "\"x\"", "true", "false", "null", "0", "-12.5e+3", "[1, [2, {\"a\": null}], \"b\"]",
                "{\"a\": {\"b\": [true, false]}, \"c\": -0.5}", "\n {\"a\":1}"}) {
            whole(any, s);
        }
        for (String s : new String[]{"{", "[1,", "{\"a\"", "{\"a\":", "\"abc", "tru", "-", "1.", "1e", "1e+", "[{\"a\": [1, 2"}) {
            prefix(any, s);
        }
        for (String s : new String[]{"}", "{,", "{\"a\" 1", "[1,]", "{\"a\":1,}", "01", "-a", "1.e3", "truth", "nul1", "+1",
                "[1 2]", "{} ", "{}{}", "'a'", "{a:1}", ".5"}) {
            invalid(any, s);
        }
    }

    @Test
    void stringsEscapesAndUnicode() {
        whole(JsonSchema.ANY, "\"a\\n\\t\\\"\\\\\\/\\u00e9\\uD83D\\uDE00\"");
        whole(JsonSchema.ANY, "\"é 日本 😀\"");
        prefix(JsonSchema.ANY, "\"\\u00");
        invalid(JsonSchema.ANY, "\"\\u00g");
        invalid(JsonSchema.ANY, "\"\\x\"");
        invalid(JsonSchema.ANY, "\"a\nb\"");                    // raw control character
        JsonState s = JsonState.start(JsonSchema.ANY).feed('"');
        assertNotNull(s.feed(0xE6).feed(0x97));                 // a character cut between tokens stays a prefix
        assertNull(s.feed(0xC0));                               // never valid UTF-8
        assertNull(s.feed(0xE0).feed(0x80));                    // overlong
        assertNull(s.feed(0xED).feed(0xA0));                    // surrogate
        assertNull(s.feed(0xE6).feed('a'));                     // missing continuation
    }

    @Test
    void whitespaceIsCapped() {
        prefix(JsonSchema.ANY, " ".repeat(JsonState.MAX_WHITESPACE));
        invalid(JsonSchema.ANY, " ".repeat(JsonState.MAX_WHITESPACE + 1));
        whole(JsonSchema.ANY, "{\n  \"a\": [\n    1\n  ]\n}");
    }

    @Test
    void anyObjectOnlyTakesObjects() {
        whole(JsonSchema.ANY_OBJECT, "{\"a\": [1, \"x\"]}");
        invalid(JsonSchema.ANY_OBJECT, "[");
        invalid(JsonSchema.ANY_OBJECT, "1");
        invalid(JsonSchema.ANY_OBJECT, "\"a\"");
    }

    @Test
    void schemaObjects() {
        JsonSchema s = schema("""
                {"type": "object", "properties": {"name": {"type": "string"}, "age": {"type": "integer"},
                  "tags": {"type": "array", "items": {"type": "string"}},
                  "pet": {"type": "object", "properties": {"kind": {"enum": ["cat", "dog", 3]}}, "required": ["kind"], "additionalProperties": false}},
                 "required": ["name", "age"], "additionalProperties": false}""");
        whole(s, "{\"name\": \"Ann\", \"age\": 31}");
        whole(s, "{\"age\":-4,\"name\":\"\",\"tags\":[\"a\",\"b\"],\"pet\":{\"kind\":\"dog\"}}");
        whole(s, "{\"age\":1,\"name\":\"x\",\"pet\":{\"kind\":3}}");
        prefix(s, "{\"na");
        prefix(s, "{\"name\": \"Ann\"");
        invalid(s, "{\"name\": \"Ann\"}");                      // age is required
        invalid(s, "{\"nick");                                  // undeclared
        invalid(s, "{\"name\": 1");                             // wrong type
        invalid(s, "{\"age\": 1.5");                            // integer has no fraction
        invalid(s, "{\"age\": 1, \"age\"");                     // duplicate
        invalid(s, "{\"age\":1,\"name\":\"x\",\"pet\":{\"kind\":\"cow\"");
        invalid(s, "{\"age\":1,\"name\":\"x\",\"pet\":{}");     // kind required
        invalid(s, "{\"age\":1,\"name\":\"x\",\"tags\":[1");
        JsonSchema.ANY.toString(); // records print
    }

    @Test
    void allKeysUsedLeavesOnlyTheClosingBrace() {
        JsonSchema s = schema("{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"boolean\"}},\"additionalProperties\":false}");
        whole(s, "{}");
        whole(s, "{\"a\":true}");
        invalid(s, "{\"a\":true,");
    }

    @Test
    void openObjectsTakeAnyKeyWithItsSchema() {
        JsonSchema s = schema("{\"type\":\"object\",\"properties\":{\"n\":{\"type\":\"number\"}},\"additionalProperties\":{\"type\":\"boolean\"}}");
        whole(s, "{\"n\": 2.5, \"x\\u0041\": true}");
        invalid(s, "{\"n\": true");
        invalid(s, "{\"zz\": 1");
    }

    @Test
    void typeListsAndTopLevelScalars() {
        JsonSchema s = schema("{\"type\": [\"integer\", \"null\"]}");
        whole(s, "12");
        whole(s, "null");
        invalid(s, "\"");
        invalid(s, "1.0");
        whole(schema("{\"const\": \"é\"}"), "\"é\"");
    }

    @Test
    void unsupportedKeywordsAreNamed() {
        BitNetException e = assertThrows(BitNetException.class, () -> schema("{\"type\":\"string\",\"pattern\":\"a+\"}"));
        assertTrue(e.getMessage().contains("'pattern'"), e.getMessage());
        e = assertThrows(BitNetException.class, () -> schema("{\"properties\":{\"a\":{\"anyOf\":[]}}}"));
        assertTrue(e.getMessage().contains("'anyOf'") && e.getMessage().contains("schema.properties.a"), e.getMessage());
        schema("{\"title\":\"t\",\"description\":\"d\",\"type\":\"object\"}");
    }
}
