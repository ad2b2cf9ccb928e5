package dev.bitnet4j.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bitnet4j.chat.ChatMessage;
import dev.bitnet4j.chat.ChatTemplate;
import dev.bitnet4j.generate.GenerateRequest;
import dev.bitnet4j.generate.GenerateResult;
import dev.bitnet4j.generate.Generator;
import dev.bitnet4j.generate.SamplingParams;
import dev.bitnet4j.model.BitNetModel;
import dev.bitnet4j.tokenizer.Tokenizer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** The endpoints on their happy paths, each answer checked against the engine called directly. */
class CompletionsTest {
    static final String CHAT = """
            {"model": "x", "messages": [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "Hi <|eot_id|> there"}],
             "temperature": 0, "max_tokens": 12, "some_future_field": {"a": 1}}""";
    static final String TEXT = """
            {"prompt": "The capital of France is", "temperature": 0, "max_tokens": 12}""";

    static BitNetModel model;
    static Tokenizer tokenizer;
    static BitNetServer server;
    static Http http;

    @BeforeAll
    static void start() {
        model = TestModel.get();
        tokenizer = Tokenizer.find(model.path()).orElseThrow();
        server = BitNetServer.start(model, new ServerConfig("127.0.0.1", 0, null, 2, 4096));
        http = new Http(server, null);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** What the engine itself generates greedily from these prompt ids. */
    static GenerateResult direct(int[] ids, int maxTokens, List<String> stop) {
        return new Generator(model, tokenizer, 4096).generate(
                new GenerateRequest(ids, maxTokens, SamplingParams.greedy(), stop, false), (id, t) -> {});
    }

    static int[] chatIds() {
        List<ChatMessage> messages = List.of(ChatMessage.system(tokenizer.protect("Be brief.")),
                ChatMessage.user(tokenizer.protect("Hi <|eot_id|> there")));
        String rendered = ChatTemplate.find(model.path()).render(messages, true, Map.of());
        return tokenizer.withBos(tokenizer.encode(rendered, true));
    }

    @Test
    void healthAndModels() throws Exception {
        assertEquals("ok", Http.ok(http.get("/health")).get("status").asText());
        JsonNode models = Http.ok(http.get("/v1/models"));
        assertEquals("list", models.get("object").asText());
        assertEquals("tiny-llama3", models.get("data").get(0).get("id").asText());
        assertEquals("model", models.get("data").get(0).get("object").asText());
    }

    @Test
    void chatMatchesTheEngine() throws Exception {
        GenerateResult want = direct(chatIds(), 12, List.of());
        JsonNode r = Http.ok(http.post("/v1/chat/completions", CHAT));
        assertEquals("chat.completion", r.get("object").asText());
        assertTrue(r.get("id").asText().startsWith("chatcmpl-"));
        assertEquals("tiny-llama3", r.get("model").asText());
        JsonNode choice = r.get("choices").get(0);
        assertEquals("assistant", choice.get("message").get("role").asText());
        assertEquals(want.text(), choice.get("message").get("content").asText());
        assertEquals(want.finishReason().openAiName(), choice.get("finish_reason").asText());
        assertEquals(chatIds().length, r.get("usage").get("prompt_tokens").asInt());
        assertEquals(want.ids().length, r.get("usage").get("completion_tokens").asInt());
        assertEquals(chatIds().length + want.ids().length, r.get("usage").get("total_tokens").asInt());
    }

    @Test
    void chatStreamIsTheSameTextInChunks() throws Exception {
        String whole = Http.ok(http.post("/v1/chat/completions", CHAT)).get("choices").get(0).get("message").get("content").asText();
        List<JsonNode> events = Http.events(http.post("/v1/chat/completions",
                CHAT.replace("\"max_tokens\"", "\"stream\": true, \"stream_options\": {\"include_usage\": true}, \"max_completion_tokens\"")));
        assertEquals("assistant", events.getFirst().get("choices").get(0).get("delta").get("role").asText());
        StringBuilder text = new StringBuilder();
        String finish = null;
        for (JsonNode e : events.subList(0, events.size() - 1)) {
            assertEquals("chat.completion.chunk", e.get("object").asText());
            assertTrue(e.get("usage").isNull(), "usage is null on every chunk but the last");
            JsonNode choice = e.get("choices").get(0);
            if (choice.get("delta").has("content")) text.append(choice.get("delta").get("content").asText());
            if (!choice.get("finish_reason").isNull()) finish = choice.get("finish_reason").asText();
        }
        assertEquals(whole, text.toString());
        assertEquals("length", finish);
        JsonNode last = events.getLast();
        assertEquals(0, last.get("choices").size());
        assertEquals(12, last.get("usage").get("completion_tokens").asInt());
        assertEquals(chatIds().length + 12, last.get("usage").get("total_tokens").asInt());
    }

    @Test
    void completionBothWays() throws Exception {
        GenerateResult want = direct(tokenizer.encodePrompt("The capital of France is"), 12, List.of());
        JsonNode r = Http.ok(http.post("/v1/completions", TEXT));
        assertEquals("text_completion", r.get("object").asText());
        assertEquals(want.text(), r.get("choices").get(0).get("text").asText());
        assertEquals("length", r.get("choices").get(0).get("finish_reason").asText());
        assertEquals(12, r.get("usage").get("completion_tokens").asInt());

        List<JsonNode> events = Http.events(http.post("/v1/completions", TEXT.replace("{", "{\"stream\": true, ")));
        StringBuilder text = new StringBuilder();
        for (JsonNode e : events) {
            assertEquals("text_completion", e.get("object").asText());
            assertFalse(e.has("usage"), "no usage without include_usage");
            text.append(e.get("choices").get(0).get("text").asText());
        }
        assertEquals(want.text(), text.toString());
        assertEquals("length", events.getLast().get("choices").get(0).get("finish_reason").asText());
    }

    @Test
    void stopStringEndsWithStop() throws Exception {
        String full = direct(tokenizer.encodePrompt("The capital of France is"), 12, List.of()).text();
        assertTrue(full.length() >= 6, full);
        String stop = full.substring(3, 6);
        String body = TEXT.replace("{", "{\"stop\": [\"\\u0000never\", " + Http.quote(stop) + "], ");
        JsonNode r = Http.ok(http.post("/v1/completions", body));
        assertEquals("stop", r.get("choices").get(0).get("finish_reason").asText());
        assertEquals(full.substring(0, full.indexOf(stop)), r.get("choices").get(0).get("text").asText());
        // a single string works too, and so does streaming
        List<JsonNode> events = Http.events(http.post("/v1/completions",
                TEXT.replace("{", "{\"stream\": true, \"stop\": " + Http.quote(stop) + ", ")));
        assertEquals("stop", events.getLast().get("choices").get(0).get("finish_reason").asText());
    }

    @Test
    void seededSamplingIsRepeatable() throws Exception {
        String body = TEXT.replace("\"temperature\": 0", "\"temperature\": 1.2, \"top_p\": 0.9, \"seed\": 5, \"presence_penalty\": 0.5, \"frequency_penalty\": 0.3");
        String a = Http.ok(http.post("/v1/completions", body)).get("choices").get(0).get("text").asText();
        String b = Http.ok(http.post("/v1/completions", body)).get("choices").get(0).get("text").asText();
        assertEquals(a, b);
    }
}
