package dev.bitnet4j.langchain4j;

import dev.bitnet4j.CompletionRequest;
import dev.bitnet4j.LanguageModel;
import dev.bitnet4j.generate.GenerateResult;
import dev.bitnet4j.generate.Generator;
import dev.bitnet4j.generate.SamplingParams;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.exception.UnsupportedFeatureException;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;

/**
 * What the blocking and the streaming model share: a {@link LanguageModel} (closed with them when they
 * opened it), the defaults from the builder, and one chat request run as one stateless completion.
 */
final class ChatEngine implements AutoCloseable {
    private final LanguageModel model;
    private final boolean ownsModel;
    private final SamplingParams sampling;     // null: SamplingParams.defaults(), so a fresh seed per request
    private final ChatRequestParameters defaults;
    private final String modelName;

    ChatEngine(LanguageModel model, boolean ownsModel, SamplingParams sampling, ChatRequestParameters defaults) {
        this.model = model;
        this.ownsModel = ownsModel;
        this.sampling = sampling;
        this.modelName = model.path().getFileName().toString();
        ChatRequestParameters base = ChatRequestParameters.builder().modelName(modelName)
                .maxOutputTokens(BitNetChatModelBuilder.DEFAULT_MAX_OUTPUT_TOKENS).build();
        this.defaults = defaults == null ? base : base.overrideWith(defaults);
    }

    ChatRequestParameters defaults() {
        return defaults;
    }

    /**
     * Completes the request's conversation once; {@code listener} sees each token as it comes.
     *
     * @throws UnsupportedFeatureException for tools, JSON output, or non-text messages
     */
    ChatResponse chat(ChatRequest request, Generator.TokenListener listener) {
        ChatRequestParameters p = defaults.overrideWith(request.parameters());
        if (p.toolSpecifications() != null && !p.toolSpecifications().isEmpty()) throw new UnsupportedFeatureException("bitnet4j models do not call tools");
        if (p.responseFormat() != null && !ResponseFormat.TEXT.equals(p.responseFormat())) {
            throw new UnsupportedFeatureException("bitnet4j models answer in plain text; response format " + p.responseFormat() + " is not supported");
        }
        int[] prompt = model.encodeChat(MessageMapper.toEngine(request.messages()));
        CompletionRequest completion = CompletionRequest.ofIds(prompt).withSampling(sampling(p)).withMaxTokens(p.maxOutputTokens());
        if (p.stopSequences() != null) completion = completion.withStopStrings(p.stopSequences().toArray(String[]::new));
        GenerateResult r = model.generateTokens(completion, listener);
        return ChatResponse.builder()
                .aiMessage(AiMessage.from(r.text()))
                .modelName(modelName)
                .tokenUsage(new TokenUsage(r.promptTokens(), r.completionTokens()))
                .finishReason(switch (r.finishReason()) {
                    case STOP -> FinishReason.STOP;
                    case LENGTH -> FinishReason.LENGTH;
                    case CANCELLED -> FinishReason.OTHER;
                })
                .build();
    }

    /** The builder's sampling with whatever the request sets on top. */
    private SamplingParams sampling(ChatRequestParameters p) {
        SamplingParams s = sampling != null ? sampling : SamplingParams.defaults();
        if (p.temperature() != null) s = s.withTemperature(p.temperature());
        if (p.topP() != null) s = s.withTopP(p.topP());
        if (p.topK() != null) s = s.withTopK(p.topK());
        if (p.frequencyPenalty() != null) s = s.withFrequencyPenalty(p.frequencyPenalty());
        if (p.presencePenalty() != null) s = s.withPresencePenalty(p.presencePenalty());
        return s;
    }

    @Override
    public void close() {
        if (ownsModel) model.close();
    }
}
