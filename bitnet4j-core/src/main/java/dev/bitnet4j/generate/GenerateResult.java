package dev.bitnet4j.generate;

/**
 * What a generation produced: the new token ids (prompt excluded; an EOS that ended it is included,
 * as Hugging Face does), the text when the model has a tokenizer (without EOS and stop strings), why
 * it ended, and timings.
 */
public record GenerateResult(int[] ids, String text, FinishReason finishReason, int promptTokens,
                             int cachedPromptTokens, long prefillNanos, long decodeNanos) {

    public enum FinishReason {
        /** EOS or a stop string. */
        STOP,
        /** max tokens or the end of the context. */
        LENGTH,
        /** {@link Generator#cancel()}: the user interrupted, or the client went away. */
        CANCELLED;

        public String openAiName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Tokens generated (the length of {@link #ids()}), as OpenAI's usage.completion_tokens. */
    public int completionTokens() {
        return ids.length;
    }

    /** Prompt tokens computed per second (tokens reused from the cache are not counted). */
    public double prefillTokensPerSecond() {
        return prefillNanos == 0 ? 0 : (promptTokens - cachedPromptTokens) * 1e9 / prefillNanos;
    }

    /** Decode speed over the tokens after the first (the first comes from the prompt pass). */
    public double decodeTokensPerSecond() {
        return decodeNanos == 0 || ids.length < 2 ? 0 : (ids.length - 1) * 1e9 / decodeNanos;
    }
}
