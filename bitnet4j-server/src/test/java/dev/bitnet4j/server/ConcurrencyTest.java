package dev.bitnet4j.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.*;

/** Requests decoded together in one batch, requests joining it mid-run, and a client that hangs up mid-stream. */
class ConcurrencyTest {
    static BitNetServer server;
    static Http http;

    @BeforeAll
    static void start() {
        server = BitNetServer.start(TestModel.get(), new ServerConfig("127.0.0.1", 0, null, 4, 4096));
        http = new Http(server, null);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static String text(HttpResponse<String> r) {
        return Http.ok(r).get("choices").get(0).get("text").asText();
    }

    @Test
    void twoConcurrentRequestsEachGetTheirOwnAnswer() throws Exception {
        String a = "{\"prompt\": \"Once upon a time\", \"temperature\": 0, \"max_tokens\": 24}";
        String b = "{\"prompt\": \"def main():\", \"temperature\": 0, \"max_tokens\": 24}";
        String aloneA = text(http.post("/v1/completions", a)), aloneB = text(http.post("/v1/completions", b));
        CompletableFuture<String> fa = CompletableFuture.supplyAsync(() -> post(a));
        CompletableFuture<String> fb = CompletableFuture.supplyAsync(() -> post(b));
        assertEquals(aloneA, fa.get());
        assertEquals(aloneB, fb.get());
    }

    /**
     * Eight streams on four batch slots: four wait in the queue and join as others finish, prompts and
     * lengths differ, and each greedy stream's text equals what the request gets alone.
     */
    @Test
    void eightConcurrentStreamsEachEqualTheirSoloOutput() throws Exception {
        String[] prompts = {"Once upon a time", "def main():", "The capital of France is", "1, 2, 3,",
                "Hello", "In a galaxy far, far away, there lived", "SELECT * FROM", "Dear diary,"};
        String[] bodies = new String[prompts.length], alone = new String[prompts.length];
        for (int i = 0; i < prompts.length; i++) {
            bodies[i] = "{\"prompt\": " + Http.quote(prompts[i]) + ", \"temperature\": 0, \"max_tokens\": " + (8 + 5 * i);
            alone[i] = post(bodies[i] + "}");
        }
        List<CompletableFuture<String>> streams = new ArrayList<>();
        for (String body : bodies) streams.add(CompletableFuture.supplyAsync(() -> streamedText(body + ", \"stream\": true}")));
        for (int i = 0; i < prompts.length; i++) assertEquals(alone[i], streams.get(i).get(), prompts[i]);
        assertEquals(0, server.scheduler().stats().active());
    }

    private static String streamedText(String body) {
        try {
            StringBuilder text = new StringBuilder();
            for (JsonNode e : Http.events(http.post("/v1/completions", body))) text.append(e.get("choices").get(0).get("text").asText());
            return text.toString();
        } catch (Exception e) {
            throw new RuntimeException(e);
        }
    }

    private static String post(String body) {
        try {
            return text(http.post("/v1/completions", body));
        } catch (Exception e) {
            throw new RuntimeException(e);
        }
    }

    @Test
    void hangingUpCancelsTheGenerationAndFreesTheSlot() throws Exception {
        long cancelledBefore = server.scheduler().stats().cancelled();
        // long enough (the whole 4096-token context) that it cannot finish on its own during the test
        String body = "{\"prompt\": \"Tell me a long story\", \"temperature\": 0, \"stream\": true}";
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            OutputStream out = s.getOutputStream();
            out.write(("POST /v1/completions HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\nContent-Length: "
                    + bytes.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(bytes);
            out.flush();
            InputStream in = s.getInputStream();
            StringBuilder seen = new StringBuilder();
            while (!seen.toString().contains("data: {")) {
                int c = in.read();
                assertNotEquals(-1, c, seen.toString());
                seen.append((char) c);
            }
            assertEquals(1, server.scheduler().stats().active());
        }
        long deadline = System.nanoTime() + 5_000_000_000L;
        BatchScheduler.Stats st;
        while (((st = server.scheduler().stats()).active() != 0 || st.cancelled() == cancelledBefore) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(0, st.active(), st.toString());
        assertEquals(cancelledBefore + 1, st.cancelled(), st.toString());
        JsonNode stats = Http.ok(http.get("/stats"));
        assertEquals(0, stats.get("active").asInt());
        assertEquals(cancelledBefore + 1, stats.get("cancelled").asLong());
    }
}
