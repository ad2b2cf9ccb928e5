package dev.bitnet4j.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bitnet4j.format.Json;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** A java.net.http client for one test server, with the checks every test repeats. */
final class Http {
    private final HttpClient client = HttpClient.newHttpClient();
    private final String base;
    private final String apiKey;

    Http(BitNetServer server, String apiKey) {
        this.base = "http://127.0.0.1:" + server.port();
        this.apiKey = apiKey;
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(request(path).GET().build());
    }

    HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
        return send(request(path).POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json").build());
    }

    HttpResponse<String> send(HttpRequest r) throws IOException, InterruptedException {
        return client.send(r, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path));
        if (apiKey != null) b.header("Authorization", "Bearer " + apiKey);
        return b;
    }

    /** A 200 JSON answer, parsed. */
    static JsonNode ok(HttpResponse<String> r) {
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        return Json.parse(r.body().getBytes(StandardCharsets.UTF_8), "response");
    }

    /** An error answer in OpenAI's shape with this status; returns its "error" object. */
    static JsonNode error(HttpResponse<String> r, int status) {
        assertEquals(status, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"), r.body());
        JsonNode e = Json.parse(r.body().getBytes(StandardCharsets.UTF_8), "response").get("error");
        assertNotNull(e, r.body());
        assertTrue(e.get("message").isTextual() && !e.get("message").textValue().isEmpty());
        assertTrue(e.get("type").isTextual());
        assertTrue(e.has("param") && e.has("code"));
        return e;
    }

    /**
     * The events of a complete SSE body, checking the framing exactly: every event is "data: " + JSON
     * + a blank line, and the body ends with "data: [DONE]" and a blank line, nothing after.
     */
    static List<JsonNode> events(HttpResponse<String> r) {
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
        String body = r.body();
        assertTrue(body.endsWith("data: [DONE]\n\n"), body);
        String[] parts = body.substring(0, body.length() - "data: [DONE]\n\n".length()).split("\n\n", -1);
        List<JsonNode> out = new ArrayList<>();
        for (int i = 0; i < parts.length - 1; i++) {
            assertTrue(parts[i].startsWith("data: {") && !parts[i].contains("\n"), parts[i]);
            out.add(Json.parse(parts[i].substring(6).getBytes(StandardCharsets.UTF_8), "event " + i));
        }
        assertEquals("", parts[parts.length - 1], "nothing between the last event and [DONE]");
        return out;
    }

    /** A JSON string literal. */
    static String quote(String s) {
        return Json.MAPPER.getNodeFactory().textNode(s).toString();
    }
}
