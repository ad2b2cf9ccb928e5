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
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.*;

/** Requests decoded together in one batch, requests joining it mid-run, and clients that hang up (mid-stream, mid-generation, or while queued). */
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
        // A client may read the last event before the scheduler frees that slot: wait (boundedly) for it.
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (server.scheduler().stats().active() > 0 && System.nanoTime() < deadline) Thread.sleep(10);
        assertEquals(0, server.scheduler().stats().active(), "every slot freed");
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

    /** A raw connection that has sent a completion request (whole context, so it cannot end on its own). */
    private static Socket send(boolean stream) throws Exception {
        byte[] body = ("{\"prompt\": \"Tell me a long story\", \"temperature\": 0, \"stream\": " + stream + "}").getBytes(StandardCharsets.UTF_8);
        Socket s = new Socket("127.0.0.1", server.port());
        OutputStream out = s.getOutputStream();
        out.write(("POST /v1/completions HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\nContent-Length: "
                + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
        return s;
    }

    /** Waits up to 5 s for the scheduler to reach the state, then checks it (and /stats agrees). */
    private static void awaitStats(Predicate<BatchScheduler.Stats> want) throws Exception {
        long deadline = System.nanoTime() + 5_000_000_000L;
        BatchScheduler.Stats st;
        while (!want.test(st = server.scheduler().stats()) && System.nanoTime() < deadline) Thread.sleep(10);
        assertTrue(want.test(st), st.toString());
        JsonNode stats = Http.ok(http.get("/stats"));
        assertEquals(st.cancelled(), stats.get("cancelled").asLong());
    }

    @Test
    void hangingUpCancelsTheGenerationAndFreesTheSlot() throws Exception {
        long cancelledBefore = server.scheduler().stats().cancelled();
        try (Socket s = send(true)) {
            InputStream in = s.getInputStream();
            StringBuilder seen = new StringBuilder();
            while (!seen.toString().contains("data: {")) {
                int c = in.read();
                assertNotEquals(-1, c, seen.toString());
                seen.append((char) c);
            }
            assertEquals(1, server.scheduler().stats().active());
        }
        awaitStats(st -> st.active() == 0 && st.cancelled() == cancelledBefore + 1);
    }

    /** Nothing is written to a non-streamed client before the end, yet its hang-up is seen at once. */
    @Test
    void hangingUpOnANonStreamedRequestCancelsIt() throws Exception {
        long cancelledBefore = server.scheduler().stats().cancelled();
        try (Socket s = send(false)) {
            awaitStats(st -> st.active() == 1);
        }
        awaitStats(st -> st.active() == 0 && st.cancelled() == cancelledBefore + 1);
    }

    /** A request waiting behind a full batch leaves the queue when its client hangs up, streamed or not. */
    @Test
    void hangingUpWhileQueuedLeavesTheQueue() throws Exception {
        long cancelledBefore = server.scheduler().stats().cancelled();
        List<Socket> batch = new ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) batch.add(send(false));
            awaitStats(st -> st.active() == 4);
            for (boolean stream : new boolean[]{false, true}) {
                long before = server.scheduler().stats().cancelled();
                try (Socket s = send(stream)) {
                    awaitStats(st -> st.waiting() == 1);
                }
                awaitStats(st -> st.waiting() == 0 && st.active() == 4 && st.cancelled() == before + 1);
            }
        } finally {
            for (Socket s : batch) s.close();
        }
        awaitStats(st -> st.active() == 0 && st.cancelled() == cancelledBefore + 6);
    }
}
