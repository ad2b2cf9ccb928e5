package dev.bitnet4j.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bitnet4j.format.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.*;

/**
 * response_format under constrained decoding. The tiny model is random, so on its own it never writes
 * JSON: output that parses, and follows the schema, shows the constraint at work. Greedy, it repeats one
 * token forever (inside a string, that never ends), so the requests sample hot with a frequency penalty.
 */
class StructuredOutputTest {
    static final String SCHEMA = """
            {"type": "object", "properties": {"name": {"type": "string"}, "ok": {"type": "boolean"},
              "n": {"type": "integer"}, "color": {"enum": ["red", "green"]}},
             "required": ["ok", "color", "n"], "additionalProperties": false}""";

    static BitNetServer server;
    static Http http;

    @BeforeAll
    static void start() {
        server = BitNetServer.start(TestModel.get(), new ServerConfig("127.0.0.1", 0, null, 1, 4096));
        http = new Http(server, null);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static String chat(String format, String extra) {
        return "{\"messages\": [{\"role\": \"user\", \"content\": \"Give me JSON\"}], \"max_tokens\": 3000, \"temperature\": 2, \"frequency_penalty\": 2, \"seed\": 3, "
                + "\"response_format\": " + format + extra + "}";
    }

    static JsonNode parse(String content) {
        return Json.parse(content.getBytes(StandardCharsets.UTF_8), "content " + content);
    }

    static void followsSchema(JsonNode doc) {
        assertTrue(doc.isObject(), doc.toString());
        assertTrue(Set.of("name", "ok", "n", "color").containsAll(iterableToSet(doc)), doc.toString());
        assertTrue(doc.get("ok").isBoolean(), doc.toString());
        assertTrue(doc.get("n").isIntegralNumber(), doc.toString());
        assertTrue(List.of("red", "green").contains(doc.get("color").asText()), doc.toString());
        if (doc.has("name")) assertTrue(doc.get("name").isTextual(), doc.toString());
    }

    static Set<String> iterableToSet(JsonNode doc) {
        Set<String> names = new java.util.HashSet<>();
        doc.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void jsonObject() throws Exception {
        JsonNode choice = Http.ok(http.post("/v1/chat/completions", chat("{\"type\": \"json_object\"}", ""))).get("choices").get(0);
        String content = choice.get("message").get("content").asText();
        assertEquals("stop", choice.get("finish_reason").asText(), content);
        assertTrue(parse(content).isObject(), content);
    }

    @Test
    void jsonSchema() throws Exception {
        String format = "{\"type\": \"json_schema\", \"json_schema\": {\"name\": \"thing\", \"strict\": true, \"schema\": " + SCHEMA + "}}";
        JsonNode choice = Http.ok(http.post("/v1/chat/completions", chat(format, ""))).get("choices").get(0);
        String content = choice.get("message").get("content").asText();
        assertEquals("stop", choice.get("finish_reason").asText(), content);
        followsSchema(parse(content));
    }

    @Test
    void jsonSchemaStreamedWithSampling() throws Exception {
        String format = "{\"type\": \"json_schema\", \"json_schema\": {\"name\": \"thing\", \"schema\": " + SCHEMA + "}}";
        String body = chat(format, ", \"stream\": true").replace("\"seed\": 3", "\"seed\": 8");
        List<JsonNode> events = Http.events(http.post("/v1/chat/completions", body));
        StringBuilder content = new StringBuilder();
        for (JsonNode e : events) {
            JsonNode c = e.get("choices").get(0).get("delta").get("content");
            if (c != null) content.append(c.asText());
        }
        assertEquals("stop", events.getLast().get("choices").get(0).get("finish_reason").asText(), content.toString());
        followsSchema(parse(content.toString()));
    }

    @Test
    void lengthCutsTheDocument() throws Exception {
        JsonNode choice = Http.ok(http.post("/v1/chat/completions", chat("{\"type\": \"json_object\"}", "").replace("3000", "1")))
                .get("choices").get(0);
        assertEquals("length", choice.get("finish_reason").asText());
        String content = choice.get("message").get("content").asText();
        assertTrue(content.isBlank() || content.strip().startsWith("{"), content);
    }

    @Test
    void unsupportedKeywordsAndFormatsAre400() throws Exception {
        String format = "{\"type\": \"json_schema\", \"json_schema\": {\"name\": \"t\", \"schema\": {\"type\": \"string\", \"pattern\": \"a+\"}}}";
        JsonNode e = Http.error(http.post("/v1/chat/completions", chat(format, "")), 400);
        assertEquals("response_format", e.get("param").asText());
        assertTrue(e.get("message").asText().contains("'pattern'"), e.toString());
        e = Http.error(http.post("/v1/chat/completions", chat("{\"type\": \"yaml\"}", "")), 400);
        assertEquals("response_format", e.get("param").asText());
        Http.ok(http.post("/v1/chat/completions", chat("{\"type\": \"text\"}", "").replace("3000", "2")));
    }

    /**
     * Continuous batching: sequences in one batch each keep their own constraint and logprobs; a
     * schema-constrained, a json_object and a free-text request with logprobs run side by side.
     */
    @Test
    void eachSequenceOfABatchKeepsItsOwnConstraint() throws Exception {
        String format = "{\"type\": \"json_schema\", \"json_schema\": {\"name\": \"thing\", \"schema\": " + SCHEMA + "}}";
        String[] bodies = {chat(format, ""), chat("{\"type\": \"json_object\"}", "").replace("\"seed\": 3", "\"seed\": 5"),
                LogprobsTest.CHAT.formatted("")};
        try (BitNetServer batched = BitNetServer.start(TestModel.get(), new ServerConfig("127.0.0.1", 0, null, 3, 4096));
             ExecutorService pool = Executors.newFixedThreadPool(bodies.length)) {
            Http h = new Http(batched, null);
            List<Future<JsonNode>> answers = new java.util.ArrayList<>();
            for (String body : bodies) answers.add(pool.submit(() -> Http.ok(h.post("/v1/chat/completions", body)).get("choices").get(0)));
            JsonNode schema = answers.get(0).get(), object = answers.get(1).get(), free = answers.get(2).get();
            assertEquals("stop", schema.get("finish_reason").asText(), schema.toString());
            followsSchema(parse(schema.get("message").get("content").asText()));
            assertTrue(schema.get("logprobs").isNull());
            assertEquals("stop", object.get("finish_reason").asText(), object.toString());
            assertTrue(parse(object.get("message").get("content").asText()).isObject(), object.toString());
            assertEquals(6, free.get("logprobs").get("content").size(), free.toString());
            for (JsonNode e : free.get("logprobs").get("content")) LogprobsTest.checkGreedyEntry(e, 3);
        }
    }
}
