package dev.bitnet4j.langchain4j;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.bitnet4j.BitNet;
import dev.bitnet4j.LanguageModel;
import dev.bitnet4j.model.BitNetModel;
import dev.bitnet4j.server.BitNetServer;
import dev.bitnet4j.server.ServerConfig;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Third-party OpenAI clients, unmodified, against a real bitnet4j server: LangChain4j's OpenAI models and
 * the official OpenAI Java client, blocking and streaming, each getting the text a direct greedy call gives.
 */
class ClientCompatibilityTest {
    static final String KEY = "sk-test-key";
    static final int MAX_TOKENS = 12;

    static BitNetModel served;
    static BitNetServer server;
    static ChatResponse want;

    @BeforeAll
    static void start() {
        served = BitNetModel.load(TestModel.folder(), 1);
        server = BitNetServer.start(served, new ServerConfig("127.0.0.1", 0, KEY, 2, 4096));
        try (LanguageModel lm = BitNet.load(TestModel.folder(), BitNet.Options.defaults().withThreads(1));
             BitNetChatModel direct = BitNetChatModel.builder().languageModel(lm).build()) {
            want = direct.chat(request());
        }
        assertFalse(want.aiMessage().text().isEmpty(), "the random model says something");
    }

    @AfterAll
    static void stop() {
        server.close();
        served.close();
    }

    static ChatRequest request() {
        return ChatRequest.builder().messages(SystemMessage.from("Be brief."), UserMessage.from("Hi there"))
                .temperature(0.0).maxOutputTokens(MAX_TOKENS).build();
    }

    static String baseUrl() {
        return server.url() + "/v1";
    }

    @Test
    void langChain4jOpenAiChatModel() {
        OpenAiChatModel model = OpenAiChatModel.builder().baseUrl(baseUrl()).apiKey(KEY).modelName("tiny-llama3").build();
        ChatResponse r = model.chat(request());
        assertEquals(want.aiMessage().text(), r.aiMessage().text());
        assertEquals(want.tokenUsage().inputTokenCount(), r.tokenUsage().inputTokenCount());
        assertEquals(want.tokenUsage().outputTokenCount(), r.tokenUsage().outputTokenCount());
        assertEquals(want.finishReason(), r.finishReason());
    }

    @Test
    void langChain4jOpenAiStreamingChatModel() throws Exception {
        OpenAiStreamingChatModel model = OpenAiStreamingChatModel.builder().baseUrl(baseUrl()).apiKey(KEY)
                .modelName("tiny-llama3").build();
        StringBuilder pieces = new StringBuilder();
        CompletableFuture<ChatResponse> done = new CompletableFuture<>();
        model.chat(request(), new StreamingChatResponseHandler() {
            @Override
            public void onPartialResponse(String text) {
                pieces.append(text);
            }

            @Override
            public void onCompleteResponse(ChatResponse response) {
                done.complete(response);
            }

            @Override
            public void onError(Throwable error) {
                done.completeExceptionally(error);
            }
        });
        ChatResponse r = done.get(60, TimeUnit.SECONDS);
        assertEquals(want.aiMessage().text(), pieces.toString());
        assertEquals(want.aiMessage().text(), r.aiMessage().text());
        assertEquals(want.finishReason(), r.finishReason());
    }

    static ChatCompletionCreateParams openAiParams() {
        return ChatCompletionCreateParams.builder().model("tiny-llama3")
                .addSystemMessage("Be brief.").addUserMessage("Hi there")
                .temperature(0.0).maxCompletionTokens(MAX_TOKENS).build();
    }

    static OpenAIClient openAiClient() {
        return OpenAIOkHttpClient.builder().baseUrl(baseUrl()).apiKey(KEY).maxRetries(0).build();
    }

    @Test
    void officialOpenAiClient() {
        OpenAIClient client = openAiClient();
        try {
            ChatCompletion c = client.chat().completions().create(openAiParams());
            assertEquals(want.aiMessage().text(), c.choices().getFirst().message().content().orElseThrow());
            assertEquals(want.tokenUsage().inputTokenCount().longValue(), c.usage().orElseThrow().promptTokens());
            assertEquals(want.finishReason().name().toLowerCase(), c.choices().getFirst().finishReason().asString());
        } finally {
            client.close();
        }
    }

    @Test
    void officialOpenAiClientStreaming() {
        OpenAIClient client = openAiClient();
        StringBuilder pieces = new StringBuilder();
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(openAiParams())) {
            stream.stream().forEach(chunk -> chunk.choices().forEach(choice -> choice.delta().content().ifPresent(pieces::append)));
        } finally {
            client.close();
        }
        assertEquals(want.aiMessage().text(), pieces.toString());
    }
}
