package dev.bitnet4j.generate;

import dev.bitnet4j.BitNetException;
import dev.bitnet4j.generate.constrain.TokenConstraint;

import java.util.List;

/**
 * One generation: the prompt as token ids (with BOS already added if wanted), how many tokens at most,
 * how to sample, and when to stop besides EOS.
 *
 * @param constraint  null, or which tokens may be sampled (e.g. JSON only); stateful, so one request
 *                    serves one generation
 * @param topLogprobs -1: no logprobs; k &ge; 0: each token reaches the listener with its logprob and
 *                    the k most likely alternatives
 */
public record GenerateRequest(int[] promptIds, int maxTokens, SamplingParams sampling, List<String> stopStrings,
                              boolean ignoreEos, TokenConstraint constraint, int topLogprobs) {
    public GenerateRequest {
        if (promptIds == null || promptIds.length == 0) throw new BitNetException("the prompt is empty: give at least one token");
        if (maxTokens < 0) throw new BitNetException("max tokens must be >= 0, found " + maxTokens);
        if (topLogprobs < -1) throw new BitNetException("top logprobs must be >= -1 (-1 = off), found " + topLogprobs);
        stopStrings = List.copyOf(stopStrings);
    }

    /** No constraint, no logprobs. */
    public GenerateRequest(int[] promptIds, int maxTokens, SamplingParams sampling, List<String> stopStrings, boolean ignoreEos) {
        this(promptIds, maxTokens, sampling, stopStrings, ignoreEos, null, -1);
    }
}
