package dev.bitnet4j;

import dev.bitnet4j.generate.SamplingParams;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One text completion for {@link LanguageModel#generate(CompletionRequest)}: a prompt, as text or as
 * token ids, and how to continue it. Immutable; start from {@link #of(String)} or {@link #ofIds(int...)}
 * and adjust with the {@code with} methods.
 *
 * @param prompt      the prompt as text, or null when {@code promptIds} is given. It is encoded with BOS
 *                    first (when the tokenizer adds one) and special-token strings in it stay plain text.
 * @param promptIds   the prompt as token ids, used as they are (no BOS added), or null when {@code prompt}
 *                    is given
 * @param maxTokens   the most tokens to generate, >= 0
 * @param sampling    how each token is picked; its seed makes sampled output repeatable
 * @param stopStrings generation ends when the output text contains one of these; it is cut before the
 *                    stop string. Needs a tokenizer.
 * @param ignoreEos   keep generating past the end-of-sequence tokens
 */
public record CompletionRequest(String prompt, int[] promptIds, int maxTokens, SamplingParams sampling,
                                List<String> stopStrings, boolean ignoreEos) {

    /** The {@link #maxTokens()} of {@link #of} and {@link #ofIds}, as {@code bitnet4j generate}'s. */
    public static final int DEFAULT_MAX_TOKENS = 128;

    /**
     * Checks the request and copies the ids and the stop strings.
     *
     * @throws BitNetException when both or neither prompt forms are given, the prompt is empty, or
     *                         {@code maxTokens} is negative
     * @throws NullPointerException when {@code sampling} or {@code stopStrings} (or one of its entries) is null
     */
    public CompletionRequest {
        if ((prompt == null) == (promptIds == null)) throw new BitNetException("give the prompt either as text or as token ids");
        if (prompt != null ? prompt.isEmpty() : promptIds.length == 0) throw new BitNetException("the prompt is empty");
        if (maxTokens < 0) throw new BitNetException("max tokens must be >= 0, found " + maxTokens);
        Objects.requireNonNull(sampling, "sampling");
        promptIds = promptIds == null ? null : promptIds.clone();
        stopStrings = List.copyOf(stopStrings);
    }

    /** A text prompt with {@value #DEFAULT_MAX_TOKENS} max tokens and {@link SamplingParams#defaults()}. */
    public static CompletionRequest of(String prompt) {
        return new CompletionRequest(Objects.requireNonNull(prompt, "prompt"), null, DEFAULT_MAX_TOKENS,
                SamplingParams.defaults(), List.of(), false);
    }

    /** A prompt of token ids (no BOS is added) with {@value #DEFAULT_MAX_TOKENS} max tokens and {@link SamplingParams#defaults()}. */
    public static CompletionRequest ofIds(int... promptIds) {
        return new CompletionRequest(null, Objects.requireNonNull(promptIds, "promptIds"), DEFAULT_MAX_TOKENS,
                SamplingParams.defaults(), List.of(), false);
    }

    /** A copy of the prompt ids, or null for a text prompt. */
    @Override
    public int[] promptIds() {
        return promptIds == null ? null : promptIds.clone();
    }

    /** A copy with this {@link #maxTokens()}. */
    public CompletionRequest withMaxTokens(int maxTokens) {
        return new CompletionRequest(prompt, promptIds, maxTokens, sampling, stopStrings, ignoreEos);
    }

    /** A copy with these {@link #sampling()} parameters. */
    public CompletionRequest withSampling(SamplingParams sampling) {
        return new CompletionRequest(prompt, promptIds, maxTokens, sampling, stopStrings, ignoreEos);
    }

    /** A copy whose sampling parameters have this seed. */
    public CompletionRequest withSeed(long seed) {
        return withSampling(sampling.withSeed(seed));
    }

    /** A copy with these {@link #stopStrings()}, replacing any before. */
    public CompletionRequest withStopStrings(String... stopStrings) {
        return new CompletionRequest(prompt, promptIds, maxTokens, sampling, List.of(stopStrings), ignoreEos);
    }

    /** A copy with this {@link #ignoreEos()}. */
    public CompletionRequest withIgnoreEos(boolean ignoreEos) {
        return new CompletionRequest(prompt, promptIds, maxTokens, sampling, stopStrings, ignoreEos);
    }

    // a record's own equals would compare the id arrays by identity
    @Override
    public boolean equals(Object o) {
        return o instanceof CompletionRequest r && Objects.equals(prompt, r.prompt) && Arrays.equals(promptIds, r.promptIds)
                && maxTokens == r.maxTokens && sampling.equals(r.sampling) && stopStrings.equals(r.stopStrings)
                && ignoreEos == r.ignoreEos;
    }

    @Override
    public int hashCode() {
        return Objects.hash(prompt, Arrays.hashCode(promptIds), maxTokens, sampling, stopStrings, ignoreEos);
    }

    @Override
    public String toString() {
        return "CompletionRequest[" + (prompt != null ? "prompt=" + prompt : "promptIds=" + Arrays.toString(promptIds))
                + ", maxTokens=" + maxTokens + ", sampling=" + sampling + ", stopStrings=" + stopStrings
                + ", ignoreEos=" + ignoreEos + "]";
    }
}
