package dev.bitnet4j.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** logprobs / top_logprobs in OpenAI's chat shape and the legacy completions shape. */
class LogprobsTest {
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

    static final String CHAT = """
            {"messages": [{"role": "user", "content": "Hi"}], "temperature": 0, "max_tokens": 6, "logprobs": true, "top_logprobs": 3%s}""";

    /** Greedy: each token is the most likely one, so it is the first alternative; alternatives are sorted. */
    static void checkGreedyEntry(JsonNode entry, int k) {
        double lp = entry.get("logprob").asDouble();
        assertTrue(lp <= 0, entry.toString());
        assertTrue(entry.get("bytes").isArray() && !entry.get("bytes").isEmpty(), entry.toString());
        JsonNode top = entry.get("top_logprobs");
        assertEquals(k, top.size());
        assertEquals(top.get(0).get("logprob").asDouble(), lp, 0.0);
        assertEquals(top.get(0).get("token").asText(), entry.get("token").asText());
        for (int i = 1; i < k; i++) assertTrue(top.get(i - 1).get("logprob").asDouble() >= top.get(i).get("logprob").asDouble());
    }

    @Test
    void chat() throws Exception {
        JsonNode choice = Http.ok(http.post("/v1/chat/completions", CHAT.formatted(""))).get("choices").get(0);
        JsonNode content = choice.get("logprobs").get("content");
        assertEquals(6, content.size(), choice.toString());
        StringBuilder text = new StringBuilder();
        for (JsonNode e : content) {
            checkGreedyEntry(e, 3);
            text.append(e.get("token").asText());
        }
        assertEquals(choice.get("message").get("content").asText(), text.toString());
    }

    @Test
    void chatStreamCarriesEachChunksLogprobs() throws Exception {
        List<JsonNode> events = Http.events(http.post("/v1/chat/completions", CHAT.formatted(", \"stream\": true")));
        int tokens = 0;
        for (JsonNode e : events) {
            JsonNode choice = e.get("choices").get(0);
            if (choice.get("delta").has("content") && !choice.get("delta").get("content").asText().isEmpty()) {
                for (JsonNode entry : choice.get("logprobs").get("content")) {
                    checkGreedyEntry(entry, 3);
                    tokens++;
                }
            }
        }
        assertEquals(6, tokens);
    }

    @Test
    void withoutTheFlagThereAreNone() throws Exception {
        JsonNode choice = Http.ok(http.post("/v1/chat/completions", CHAT.formatted("").replace("\"logprobs\": true, \"top_logprobs\": 3", "\"logprobs\": false")))
                .get("choices").get(0);
        assertTrue(choice.get("logprobs").isNull());
        JsonNode e = Http.error(http.post("/v1/chat/completions", CHAT.formatted("").replace("\"logprobs\": true", "\"logprobs\": false")), 400);
        assertEquals("top_logprobs", e.get("param").asText());
        e = Http.error(http.post("/v1/chat/completions", CHAT.formatted("").replace("\"top_logprobs\": 3", "\"top_logprobs\": 21")), 400);
        assertEquals("top_logprobs", e.get("param").asText());
    }

    @Test
    void legacyCompletions() throws Exception {
        JsonNode choice = Http.ok(http.post("/v1/completions", """
                {"prompt": "The capital of France is", "temperature": 0, "max_tokens": 5, "logprobs": 2}""")).get("choices").get(0);
        JsonNode lp = choice.get("logprobs");
        assertEquals(5, lp.get("tokens").size());
        assertEquals(5, lp.get("token_logprobs").size());
        assertEquals(5, lp.get("top_logprobs").size());
        int offset = 0;
        for (int i = 0; i < 5; i++) {
            double l = lp.get("token_logprobs").get(i).asDouble();
            assertTrue(l <= 0);
            JsonNode top = lp.get("top_logprobs").get(i);
            assertEquals(2, top.size());
            assertEquals(l, top.get(lp.get("tokens").get(i).asText()).asDouble(), 0.0); // greedy: the token is among its top 2
            assertEquals(offset, lp.get("text_offset").get(i).asInt());
            offset += lp.get("tokens").get(i).asText().length();
        }
    }
}
