package dev.bitnet4j.generate;

import dev.bitnet4j.BitNetException;

import java.security.SecureRandom;

/**
 * How the next token is picked from the logits. Each knob has an "off" value, so one record covers
 * greedy decoding and every mix of filters; {@link Sampler} documents the order they apply in.
 *
 * @param temperature       divides the logits before softmax; 0 means greedy (argmax)
 * @param topK              keep only the k most likely tokens; 0 = off
 * @param topP              nucleus: keep the smallest most-likely set whose probability reaches topP; 1 = off
 * @param minP              drop tokens less likely than minP × the most likely one's probability; 0 = off
 * @param repetitionPenalty llama.cpp / HF: a seen token's logit is divided by it when positive and
 *                          multiplied by it otherwise; 1 = off
 * @param repeatLastN       how many of the most recent tokens the penalties look at; -1 = all, 0 = none
 * @param frequencyPenalty  OpenAI: subtract count × frequencyPenalty from a seen token's logit; 0 = off
 * @param presencePenalty   OpenAI: subtract presencePenalty once from a seen token's logit; 0 = off
 * @param seed              seeds the sampler's generator: same seed and same logits give the same tokens
 */
public record SamplingParams(
        double temperature,
        int topK,
        double topP,
        double minP,
        double repetitionPenalty,
        int repeatLastN,
        double frequencyPenalty,
        double presencePenalty,
        long seed) {

    public SamplingParams {
        // Written as !(ok) so that NaN, which fails every comparison, lands in the error branch.
        if (!(temperature >= 0 && temperature < Double.POSITIVE_INFINITY)) {
            throw invalid("temperature", temperature, "a finite number >= 0 (0 = greedy)");
        }
        if (topK < 0) throw invalid("topK", topK, "an integer >= 0 (0 = off)");
        if (!(topP > 0 && topP <= 1)) throw invalid("topP", topP, "in (0, 1] (1 = off)");
        if (!(minP >= 0 && minP <= 1)) throw invalid("minP", minP, "in [0, 1] (0 = off)");
        if (!(repetitionPenalty > 0 && repetitionPenalty < Double.POSITIVE_INFINITY)) {
            throw invalid("repetitionPenalty", repetitionPenalty, "a finite number > 0 (1 = off)");
        }
        if (repeatLastN < -1) throw invalid("repeatLastN", repeatLastN, "an integer >= -1 (-1 = whole history, 0 = none)");
        if (!Double.isFinite(frequencyPenalty)) throw invalid("frequencyPenalty", frequencyPenalty, "a finite number (0 = off)");
        if (!Double.isFinite(presencePenalty)) throw invalid("presencePenalty", presencePenalty, "a finite number (0 = off)");
    }

    private static BitNetException invalid(String name, Object value, String expected) {
        return new BitNetException("sampling parameter " + name + " must be " + expected + ", got " + value);
    }

    /** Argmax every time; no filter, no penalty. */
    public static SamplingParams greedy() {
        return new SamplingParams(0, 0, 1.0, 0, 1.0, 64, 0, 0, 0);
    }

    /**
     * llama.cpp's defaults (temperature 0.8, top-k 40, top-p 0.95, min-p 0.05, last 64 tokens for
     * penalties, all penalties off) with a fresh random seed, so two runs differ unless a seed is set.
     */
    public static SamplingParams defaults() {
        return new SamplingParams(0.8, 40, 0.95, 0.05, 1.0, 64, 0, 0, new SecureRandom().nextLong());
    }

    /** True when the penalties could change a logit, so the sampler can skip counting the history. */
    boolean penalizes() {
        return repeatLastN != 0 && (repetitionPenalty != 1.0 || frequencyPenalty != 0 || presencePenalty != 0);
    }

    public SamplingParams withTemperature(double temperature) {
        return new SamplingParams(temperature, topK, topP, minP, repetitionPenalty, repeatLastN, frequencyPenalty, presencePenalty, seed);
    }

    public SamplingParams withTopK(int topK) {
        return new SamplingParams(temperature, topK, topP, minP, repetitionPenalty, repeatLastN, frequencyPenalty, presencePenalty, seed);
    }

    public SamplingParams withTopP(double topP) {
        return new SamplingParams(temperature, topK, topP, minP, repetitionPenalty, repeatLastN, frequencyPenalty, presencePenalty, seed);
    }

    public SamplingParams withMinP(double minP) {
        return new SamplingParams(temperature, topK, topP, minP, repetitionPenalty, repeatLastN, frequencyPenalty, presencePenalty, seed);
    }

    public SamplingParams withRepetitionPenalty(double repetitionPenalty) {
        return new SamplingParams(temperature, topK, topP, minP, repetitionPenalty, repeatLastN, frequencyPenalty, presencePenalty, seed);
    }

    public SamplingParams withRepeatLastN(int repeatLastN) {
        return new SamplingParams(temperature, topK, topP, minP, repetitionPenalty, repeatLastN, frequencyPenalty, presencePenalty, seed);
    }

    public SamplingParams withFrequencyPenalty(double frequencyPenalty) {
        return new SamplingParams(temperature, topK, topP, minP, repetitionPenalty, repeatLastN, frequencyPenalty, presencePenalty, seed);
    }

    public SamplingParams withPresencePenalty(double presencePenalty) {
        return new SamplingParams(temperature, topK, topP, minP, repetitionPenalty, repeatLastN, frequencyPenalty, presencePenalty, seed);
    }

    public SamplingParams withSeed(long seed) {
        return new SamplingParams(temperature, topK, topP, minP, repetitionPenalty, repeatLastN, frequencyPenalty, presencePenalty, seed);
    }
}
