package dev.bitnet4j.langchain4j;

import dev.bitnet4j.BitNet;
import dev.bitnet4j.CompletionRequest;
import dev.bitnet4j.LanguageModel;
import dev.bitnet4j.chat.ChatMessage;
import dev.bitnet4j.generate.GenerateResult;
import dev.bitnet4j.generate.SamplingParams;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.exception.UnsupportedFeatureException;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.output.FinishReason;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.*;

/** Both LangChain4j models over a shared LanguageModel, each answer checked against the engine called directly. */
class BitNetChatModelTest {
    static LanguageModel lm;
    static BitNetChatModel chatModel;
    static BitNetStreamingChatModel streamingModel;

    @BeforeAll
    static void load() {
        lm = BitNet.load(TestModel.folder(), BitNet.Options.defaults().withThreads(1));
        chatModel = BitNetChatModel.builder().languageModel(lm).build();
        streamingModel = BitNetStreamingChatModel.builder().languageModel(lm).build();
    }

    @AfterAll
    static void close() {
        chatModel.close();
        streamingModel.close();
        lm.close();
    }

    static ChatRequest.Builder greedy(int maxTokens) {
        return ChatRequest.builder()
                .messages(SystemMessage.from("Be brief."), UserMessage.from("Hi <|eot_id|> there"))
                .temperature(0.0).maxOutputTokens(maxTokens);
    }

    /** What the engine generates greedily for the same conversation. */
    static GenerateResult direct(int maxTokens, String... stop) {
        int[] ids = lm.encodeChat(List.of(ChatMessage.system("Be brief."), ChatMessage.user("Hi <|eot_id|> there")));
        return lm.generate(CompletionRequest.ofIds(ids).withSampling(SamplingParams.greedy()).withMaxTokens(maxTokens)
                .withStopStrings(stop));
    }

    /** Streams a request, returning the complete response after checking the pieces add up to it. */
    static ChatResponse stream(ChatRequest request) {
        StringBuilder pieces = new StringBuilder();
        AtomicReference<ChatResponse> done = new AtomicReference<>();
        streamingModel.chat(request, new StreamingChatResponseHandler() {
            @Override
            public void onPartialResponse(String text) {
                assertFalse(text.isEmpty());
                pieces.append(text);
            }

            @Override
            public void onCompleteResponse(ChatResponse response) {
                done.set(response);
            }

            @Override
            public void onError(Throwable error) {
                fail(error);
            }
        });
        assertNotNull(done.get(), "chat returns after onCompleteResponse");
        assertEquals(done.get().aiMessage().text(), pieces.toString());
        return done.get();
    }

    @Test
    void greedyReplyUsageAndFinishReasonAreTheEngines() {
        GenerateResult want = direct(12);
        for (ChatResponse r : List.of(chatModel.chat(greedy(12).build()), stream(greedy(12).build()))) {
            assertEquals(want.text(), r.aiMessage().text());
            assertEquals(want.promptTokens(), r.tokenUsage().inputTokenCount());
            assertEquals(want.completionTokens(), r.tokenUsage().outputTokenCount());
            assertEquals(want.finishReason() == GenerateResult.FinishReason.STOP ? FinishReason.STOP : FinishReason.LENGTH,
                    r.finishReason());
            assertEquals("tiny-llama3", r.modelName());
        }
    }

    @Test
    void maxOutputTokensEndsWithLength() {
        ChatResponse r = chatModel.chat(greedy(3).build());
        assertEquals(FinishReason.LENGTH, r.finishReason());
        assertEquals(3, r.tokenUsage().outputTokenCount());
    }

    @Test
    void stopSequencesCutTheReplyAndEndWithStop() {
        String text = direct(12).text();
        assertTrue(text.length() >= 4, "the random model says something: " + text);
        String stop = text.substring(text.length() / 2, text.length() / 2 + 2);
        String want = text.substring(0, text.indexOf(stop));
        assertEquals(want, direct(12, stop).text());
        for (ChatResponse r : List.of(chatModel.chat(greedy(12).stopSequences(List.of(stop)).build()),
                stream(greedy(12).stopSequences(List.of(stop)).build()))) {
            assertEquals(want, r.aiMessage().text());
            assertEquals(FinishReason.STOP, r.finishReason());
        }
    }

    @Test
    void cancellingTheStreamStopsGenerationAndTheCallbacks() {
        List<String> pieces = new ArrayList<>();
        streamingModel.chat(greedy(12).build(), new StreamingChatResponseHandler() {
            @Override
            public void onPartialResponse(PartialResponse partial, PartialResponseContext context) {
                pieces.add(partial.text());
                context.streamingHandle().cancel();
            }

            @Override
            public void onCompleteResponse(ChatResponse response) {
                fail("no response after cancel");
            }

            @Override
            public void onError(Throwable error) {
                fail(error);
            }
        });
        assertEquals(1, pieces.size());
    }

    @Test
    void toolsAreRefusedAsUnsupported() {
        ChatRequest withTool = greedy(4).toolSpecifications(ToolSpecification.builder().name("clock").build()).build();
        assertThrows(UnsupportedFeatureException.class, () -> chatModel.chat(withTool));
        AtomicReference<Throwable> error = new AtomicReference<>();
        streamingModel.chat(withTool, new StreamingChatResponseHandler() {
            @Override
            public void onCompleteResponse(ChatResponse response) {
                fail("no response");
            }

            @Override
            public void onError(Throwable e) {
                error.set(e);
            }
        });
        assertInstanceOf(UnsupportedFeatureException.class, error.get());
    }

    @Test
    void aModelBuiltFromAFolderOwnsAndClosesIt() {
        BitNetChatModel owner = BitNetChatModel.builder().modelPath(TestModel.folder())
                .options(BitNet.Options.defaults().withThreads(1)).build();
        assertEquals(direct(5).text(), owner.chat(greedy(5).build()).aiMessage().text());
        owner.close();
        assertThrows(IllegalStateException.class, () -> owner.chat(greedy(5).build()));
        assertThrows(IllegalStateException.class, () -> BitNetChatModel.builder().build());
    }
}
