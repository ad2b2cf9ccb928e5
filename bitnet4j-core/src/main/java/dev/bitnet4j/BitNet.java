package dev.bitnet4j;

import dev.bitnet4j.chat.ChatTemplate;
import dev.bitnet4j.model.BitNetModel;
import dev.bitnet4j.model.LmHead;
import dev.bitnet4j.model.ModelConfig;
import dev.bitnet4j.tokenizer.Tokenizer;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The entry point of the Java API: opens a Hugging Face model folder as a {@link LanguageModel}.
 *
 * <pre>{@code
 * try (LanguageModel model = BitNet.load(Path.of("models/bitnet-b1.58-2B-4T"))) {
 *     System.out.println(model.generate("The capital of France is", SamplingParams.greedy()).text());
 * }
 * }</pre>
 */
public final class BitNet {
    private BitNet() {}

    /** The context a model gets when {@link Options#contextSize()} is 0, unless its own maximum is smaller. */
    public static final int DEFAULT_CONTEXT_SIZE = 4096;

    /**
     * How to open a model. Immutable; start from {@link #defaults()} and change what you need with the
     * {@code with} methods.
     *
     * @param threads     threads for the matrix products, 1 to 1024
     * @param lmHead      the exact bf16 lm_head, or {@link LmHead#Q8}: an int8 copy made on load that reads
     *                    half the bytes per token
     * @param contextSize the most tokens (prompt plus output) one sequence may hold; 0 means
     *                    {@value #DEFAULT_CONTEXT_SIZE} or the model's maximum if smaller. A larger value is
     *                    capped at the model's maximum. The KV cache grows on demand, so a large context
     *                    costs memory only when it is used.
     */
    public record Options(int threads, LmHead lmHead, int contextSize) {
        /**
         * Checks the values.
         *
         * @throws BitNetException when a value is out of range
         * @throws NullPointerException when {@code lmHead} is null
         */
        public Options {
            if (threads < 1 || threads > 1024) throw new BitNetException("threads must be between 1 and 1024, found " + threads);
            Objects.requireNonNull(lmHead, "lmHead");
            if (contextSize < 0) throw new BitNetException("contextSize must be >= 0 (0 = default), found " + contextSize);
        }

        /** Every core, the exact bf16 lm_head and the default context. */
        public static Options defaults() {
            return new Options(Runtime.getRuntime().availableProcessors(), LmHead.BF16, 0);
        }

        /** A copy with this {@link #threads()}. */
        public Options withThreads(int threads) {
            return new Options(threads, lmHead, contextSize);
        }

        /** A copy with this {@link #lmHead()}. */
        public Options withLmHead(LmHead lmHead) {
            return new Options(threads, lmHead, contextSize);
        }

        /** A copy with this {@link #contextSize()}. */
        public Options withContextSize(int contextSize) {
            return new Options(threads, lmHead, contextSize);
        }

        /** The context size a model with this config gets. */
        int contextFor(ModelConfig config) {
            return Math.min(contextSize == 0 ? DEFAULT_CONTEXT_SIZE : contextSize, config.maxPositions());
        }
    }

    /** {@link #load(Path, Options)} with {@link Options#defaults()}. */
    public static LanguageModel load(Path folder) {
        return load(folder, Options.defaults());
    }

    /**
     * Opens a model: a Hugging Face folder ({@code config.json} and the weights, packed or bf16, one file or
     * shards, and when present {@code tokenizer.json}, {@code tokenizer_config.json} and the chat template), or a
     * GGUF file (I2_S, TQ1_0 or TQ2_0, with the tokenizer and template of its metadata; see {@link ModelAssets}).
     * A model without a tokenizer still loads; it then takes prompts as token ids only.
     * <p>
     * The weights are memory-mapped, not read onto the heap; close the model to unmap them and stop its
     * worker threads.
     *
     * @throws BitNetException naming the file and the problem when the folder is missing, a file is
     *                         missing or malformed, or the model is not a BitNet b1.58 model
     * @throws NullPointerException when an argument is null
     */
    public static LanguageModel load(Path folder, Options options) {
        Objects.requireNonNull(folder, "folder");
        Objects.requireNonNull(options, "options");
        BitNetModel model = BitNetModel.load(folder, options.threads(), options.lmHead());
        try {
            ModelAssets.Assets assets = ModelAssets.load(folder);
            Tokenizer tokenizer = assets.tokenizer().orElse(null);
            ChatTemplate template = tokenizer == null ? null : assets.chatTemplate();
            return new LanguageModel(model, tokenizer, template, options.contextFor(model.config()));
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }
}
