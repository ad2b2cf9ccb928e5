package dev.bitnet4j.langchain4j;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;

/**
 * A LangChain4j {@link ChatModel} running a BitNet b1.58 model in this JVM. Each request renders its
 * whole conversation with the model's chat template and completes it once (no state between requests),
 * exactly as {@code LanguageModel.generate(CompletionRequest.ofIds(model.encodeChat(messages)))} would.
 * <p>
 * Requests may set temperature, top-p, top-k, frequency and presence penalties, max output tokens and
 * stop sequences; a seed comes from {@link BitNetChatModelBuilder#sampling}. Tools, JSON response
 * formats and non-text content throw {@link dev.langchain4j.exception.UnsupportedFeatureException}.
 * The response carries the token usage and the finish reason (STOP for EOS or a stop sequence, LENGTH
 * for the token limit or the end of the context).
 * <p>
 * Thread-safe: concurrent requests each get their own KV cache, as {@link dev.bitnet4j.LanguageModel}'s do.
 */
public final class BitNetChatModel extends EngineBackedModel implements ChatModel {
    private BitNetChatModel(ChatEngine engine) {
        super(engine);
    }

    /** A builder: set {@code modelPath} or {@code languageModel}, then {@code build()}. */
    public static BitNetChatModelBuilder<BitNetChatModel> builder() {
        return new BitNetChatModelBuilder<>(BitNetChatModel::new);
    }

    @Override
    public ChatResponse doChat(ChatRequest request) {
        return engine.chat(request, (id, text) -> {});
    }
}
