package dev.bitnet4j.langchain4j;

import dev.bitnet4j.BitNet;
import dev.bitnet4j.LanguageModel;
import dev.bitnet4j.generate.SamplingParams;
import dev.langchain4j.model.chat.request.ChatRequestParameters;

import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Function;

/**
 * Builds a {@link BitNetChatModel} or a {@link BitNetStreamingChatModel}, from a model folder (which the
 * built model then opens and closes) or from a {@link LanguageModel} already open (which stays the
 * caller's to close). Exactly one of {@link #modelPath} and {@link #languageModel} must be set.
 *
 * @param <M> the model it builds
 */
public final class BitNetChatModelBuilder<M> {
    /** The most tokens a reply gets unless the request or {@link #defaultRequestParameters} says otherwise. */
    public static final int DEFAULT_MAX_OUTPUT_TOKENS = dev.bitnet4j.Chat.DEFAULT_MAX_TOKENS;

    private final Function<ChatEngine, M> factory;
    private Path modelPath;
    private BitNet.Options options = BitNet.Options.defaults();
    private LanguageModel languageModel;
    private SamplingParams sampling;
    private ChatRequestParameters defaultRequestParameters;

    BitNetChatModelBuilder(Function<ChatEngine, M> factory) {
        this.factory = factory;
    }

    /** A model folder for {@link BitNet#load(Path, BitNet.Options)}; the built model owns what it opens. */
    public BitNetChatModelBuilder<M> modelPath(Path modelPath) {
        this.modelPath = Objects.requireNonNull(modelPath, "modelPath");
        return this;
    }

    /** How {@link #modelPath} is opened (threads, lm_head, context size); {@link BitNet.Options#defaults()} unless set. */
    public BitNetChatModelBuilder<M> options(BitNet.Options options) {
        this.options = Objects.requireNonNull(options, "options");
        return this;
    }

    /** A model already open, shared with the caller, who closes it; closing the built model leaves it open. */
    public BitNetChatModelBuilder<M> languageModel(LanguageModel languageModel) {
        this.languageModel = Objects.requireNonNull(languageModel, "languageModel");
        return this;
    }

    /**
     * The sampling every request starts from (its seed included, so sampled replies repeat); a request's
     * temperature, top-p, top-k and penalties replace the matching values. Unless set,
     * {@link SamplingParams#defaults()} with a fresh random seed per request.
     */
    public BitNetChatModelBuilder<M> sampling(SamplingParams sampling) {
        this.sampling = Objects.requireNonNull(sampling, "sampling");
        return this;
    }

    /** Parameters for requests that do not set them, as LangChain4j's other models take them. */
    public BitNetChatModelBuilder<M> defaultRequestParameters(ChatRequestParameters parameters) {
        this.defaultRequestParameters = Objects.requireNonNull(parameters, "parameters");
        return this;
    }

    /**
     * The model; with {@link #modelPath} this loads it.
     *
     * @throws IllegalStateException when neither or both of {@link #modelPath} and {@link #languageModel} are set
     * @throws dev.bitnet4j.BitNetException when the folder cannot be loaded
     */
    public M build() {
        if ((modelPath == null) == (languageModel == null)) {
            throw new IllegalStateException("set exactly one of modelPath and languageModel");
        }
        boolean owns = languageModel == null;
        LanguageModel model = owns ? BitNet.load(modelPath, options) : languageModel;
        return factory.apply(new ChatEngine(model, owns, sampling, defaultRequestParameters));
    }
}
