package dev.bitnet4j.generate;

import dev.bitnet4j.BitNetException;

import java.util.List;

/**
 * One generation: the prompt as token ids (with BOS already added if wanted), how many tokens at most,
 * how to sample, and when to stop besides EOS.
 */
public record GenerateRequest(int[] promptIds, int maxTokens, SamplingParams sampling, List<String> stopStrings,
                              boolean ignoreEos) {
    public GenerateRequest {
        if (promptIds == null || promptIds.length == 0) throw new BitNetException("the prompt is empty: give at least one token");
        if (maxTokens < 0) throw new BitNetException("max tokens must be >= 0, found " + maxTokens);
        stopStrings = List.copyOf(stopStrings);
    }
}
