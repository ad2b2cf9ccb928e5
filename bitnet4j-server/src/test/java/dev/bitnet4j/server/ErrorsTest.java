package dev.bitnet4j.server;

import dev.bitnet4j.generate.GenerateRequest;
import dev.bitnet4j.generate.GenerateResult;
import dev.bitnet4j.generate.SamplingParams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Every error answer: its status and OpenAI's JSON shape, with the parameter named. */
class ErrorsTest {
    static BitNetServer server;
    static BitNetServer keyed;
    static Http http;

    @BeforeAll
    static void start() {
        server = BitNetServer.start(TestModel.get(), new ServerConfig("127.0.0.1", 0, null, 1, 64, 4096));
        keyed = BitNetServer.start(TestModel.get(), new ServerConfig("127.0.0.1", 0, "s3cret", 1, 64));
        http = new Http(server, null);
    }

    @AfterAll
    static void stop() {
        server.close();
        keyed.close();
    }

    @Test
    void badJsonAndBadParameters() throws Exception {
        assertEquals("invalid_json", Http.error(http.post("/v1/completions", "{\"prompt\": "), 400).get("code").asText());
        Http.error(http.post("/v1/completions", "[1, 2]"), 400);
        String[][] cases = {
                {"/v1/completions", "{}", "prompt"},
                {"/v1/completions", "{\"prompt\": 5}", "prompt"},
                {"/v1/completions", "{\"prompt\": \"a\", \"max_tokens\": \"9\"}", "max_tokens"},
                {"/v1/completions", "{\"prompt\": \"a\", \"max_tokens\": -1}", "max_tokens"},
                {"/v1/completions", "{\"prompt\": \"a\", \"temperature\": 3}", "temperature"},
                {"/v1/completions", "{\"prompt\": \"a\", \"top_p\": \"high\"}", "top_p"},
                {"/v1/completions", "{\"prompt\": \"a\", \"seed\": 1.5}", "seed"},
                {"/v1/completions", "{\"prompt\": \"a\", \"stop\": [1]}", "stop"},
                {"/v1/completions", "{\"prompt\": \"a\", \"stream\": \"yes\"}", "stream"},
                {"/v1/completions", "{\"prompt\": \"a\", \"presence_penalty\": 2.5}", "presence_penalty"},
                {"/v1/completions", "{\"prompt\": \"a\", \"frequency_penalty\": true}", "frequency_penalty"},
                {"/v1/completions", "{\"prompt\": \"a\", \"n\": 2}", "n"},
                {"/v1/completions", "{\"prompt\": \"a\", \"stream_options\": {\"include_usage\": true}}", "stream_options"},
                {"/v1/chat/completions", "{\"messages\": []}", "messages"},
                {"/v1/chat/completions", "{\"messages\": [{\"content\": \"hi\"}]}", "messages[0].role"},
                {"/v1/chat/completions", "{\"messages\": [{\"role\": \"user\", \"content\": 7}]}", "messages[0].content"},
        };
        for (String[] c : cases) {
            assertEquals(c[2], Http.error(http.post(c[0], c[1]), 400).get("param").asText(), c[1]);
        }
    }

    @Test
    void promptLongerThanTheContext() throws Exception {
        var e = Http.error(http.post("/v1/completions", "{\"prompt\": " + Http.quote("word ".repeat(100)) + "}"), 400);
        assertEquals("context_length_exceeded", e.get("code").asText());
        assertTrue(e.get("message").asText().contains("context holds 64"), e.get("message").asText());
    }

    @Test
    void unknownRouteWrongMethodAndTooLarge() throws Exception {
        Http.error(http.get("/v1/nothing"), 404);
        Http.error(http.get("/favicon.ico"), 404);
        Http.error(http.get("/v1/completions"), 405);
        String big = "{\"prompt\": " + Http.quote("x".repeat(5000)) + "}";
        assertEquals("request_too_large", Http.error(http.post("/v1/completions", big), 413).get("code").asText());
        // without a Content-Length (chunked), the limit still holds
        var chunked = HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(big.getBytes()));
        Http.error(http.send(http.request("/v1/completions").POST(chunked).build()), 413);
    }

    @Test
    void errorsJettyFindsItselfAreJsonToo() throws Exception {
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", server.port())) {
            s.getOutputStream().write("GARBAGE\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            String answer = new String(s.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertTrue(answer.startsWith("HTTP/1.1 400"), answer);
            assertTrue(answer.contains("Content-Type: application/json") && answer.contains("{\"error\":{\"message\":"), answer);
            assertFalse(answer.contains("<html") || answer.contains("Server: Jetty"), answer);
        }
    }

    @Test
    void apiKey() throws Exception {
        Http none = new Http(keyed, null), wrong = new Http(keyed, "guess"), right = new Http(keyed, "s3cret");
        assertEquals("invalid_api_key", Http.error(none.get("/v1/models"), 401).get("code").asText());
        Http.error(wrong.post("/v1/completions", "{\"prompt\": \"a\", \"max_tokens\": 1}"), 401);
        Http.ok(none.get("/health"));
        Http.ok(right.get("/v1/models"));
        Http.ok(right.post("/v1/completions", "{\"prompt\": \"a\", \"max_tokens\": 1}"));
    }

    @Test
    void webChatPageNeedsNoKeyButTheApiDoes() throws Exception {
        Http none = new Http(keyed, null);
        for (String path : new String[]{"/", "/index.html"}) {
            var page = none.get(path);
            assertEquals(200, page.statusCode(), path);
            assertEquals("text/html; charset=utf-8", page.headers().firstValue("Content-Type").orElse(null));
            assertEquals(WebChatPage.CONTENT_SECURITY_POLICY, page.headers().firstValue("Content-Security-Policy").orElse(null));
            assertTrue(page.body().contains("<title>bitnet4j chat</title>") && page.body().contains("/v1/chat/completions"));
        }
        Http.error(none.post("/", "{}"), 405);
        Http.error(none.post("/v1/chat/completions", "{}"), 401);
    }

    /**
     * An error found before the body is read (401, 405) still reads it before answering, so the same connection
     * carries the next request: HTTP clients pool connections, and one closed under them fails that next request.
     */
    @Test
    void errorsLeaveTheConnectionUsable() throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", keyed.port())) {
            socket.setSoTimeout(10_000);
            var out = socket.getOutputStream();
            var in = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(), java.nio.charset.StandardCharsets.UTF_8));
            String body = "{\"messages\": [{\"role\": \"user\", \"content\": \"" + "x".repeat(5000) + "\"}]}";
            for (String target : new String[]{"/", "/v1/chat/completions", "/health"}) {
                String method = target.equals("/health") ? "GET" : "POST";
                String head = method + " " + target + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                        + (method.equals("POST") ? "Content-Length: " + body.length() + "\r\n" : "") + "\r\n";
                out.write(head.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                out.flush();
                Thread.sleep(200);   // the body comes after the headers, as the JDK's client sends it: not yet there when the error is found
                out.write((method.equals("POST") ? body : "").getBytes(java.nio.charset.StandardCharsets.UTF_8));
                out.flush();
                String status = in.readLine();
                int length = -1;
                boolean close = false;
                for (String line; !(line = in.readLine()).isEmpty(); ) {
                    String lower = line.toLowerCase(java.util.Locale.ROOT);
                    if (lower.startsWith("content-length:")) length = Integer.parseInt(line.substring(15).strip());
                    if (lower.equals("connection: close")) close = true;
                }
                assertTrue(length >= 0, target + ": a sized answer");
                in.skip(length);
                assertEquals(switch (target) { case "/" -> "HTTP/1.1 405 Method Not Allowed"; case "/health" -> "HTTP/1.1 200 OK";
                    default -> "HTTP/1.1 401 Unauthorized"; }, status, target);
                assertFalse(close, target + ": the connection stays open");
            }
        }
    }

    @Test
    void queueFullIs503() throws Exception {
        // one sequence generating and a full queue behind it, each long enough not to end during the test
        try (BitNetServer busy = BitNetServer.start(TestModel.get(), new ServerConfig("127.0.0.1", 0, null, 1, 4096))) {
            BatchScheduler scheduler = busy.scheduler();
            BatchScheduler.Stats s = scheduler.stats();
            GenerateRequest longRun = new GenerateRequest(new int[]{1, 2, 3}, 4000, SamplingParams.greedy(), List.of(), true);
            List<Sequence> held = new ArrayList<>();
            for (int i = 0; i < s.slots() + s.queueCapacity(); i++) held.add(scheduler.submit(longRun, false));
            Http client = new Http(busy, null);
            try {
                assertEquals("queue_full", Http.error(client.post("/v1/completions", "{\"prompt\": \"a\"}"), 503).get("code").asText());
                assertEquals(s.queueCapacity(), scheduler.stats().waiting());
            } finally {
                held.forEach(Sequence::cancel);
            }
            for (Sequence q : held) assertEquals(GenerateResult.FinishReason.CANCELLED, q.await().finishReason());
            assertEquals(0, scheduler.stats().active());
            Http.ok(client.post("/v1/completions", "{\"prompt\": \"a\", \"max_tokens\": 1}"));
        }
    }
}
