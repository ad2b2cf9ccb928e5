package dev.bitnet4j.langchain4j;

import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.request.ChatRequestParameters;

/**
 * The members the blocking and the streaming model share; as a class, its methods win over the
 * same-named defaults of both {@code ChatModel} and {@code StreamingChatModel}.
 */
abstract class EngineBackedModel implements AutoCloseable {
    final ChatEngine engine;

    EngineBackedModel(ChatEngine engine) {
        this.engine = engine;
    }

    /** The builder's defaults: max output tokens {@value BitNetChatModelBuilder#DEFAULT_MAX_OUTPUT_TOKENS} unless set there. */
    public ChatRequestParameters defaultRequestParameters() {
        return engine.defaults();
    }

    /** {@link ModelProvider#OTHER}: LangChain4j has no constant for an embedded engine. */
    public ModelProvider provider() {
        return ModelProvider.OTHER;
    }

    /** Closes the language model when this model loaded it ({@code modelPath}); otherwise does nothing. */
    @Override
    public void close() {
        engine.close();
    }
}
