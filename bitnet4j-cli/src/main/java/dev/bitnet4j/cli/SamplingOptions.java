package dev.bitnet4j.cli;

import dev.bitnet4j.generate.SamplingParams;
import picocli.CommandLine.Option;

import java.security.SecureRandom;

/** Sampling flags shared by the commands that generate; named as in llama.cpp where it has them. */
final class SamplingOptions {
    @Option(names = "--temperature", description = "Sampling temperature; 0 = greedy (default: ${DEFAULT-VALUE}).", defaultValue = "0.8")
    double temperature;

    @Option(names = "--top-k", description = "Keep the k most likely tokens; 0 = off (default: ${DEFAULT-VALUE}).", defaultValue = "40")
    int topK;

    @Option(names = "--top-p", description = "Nucleus sampling: keep the smallest set with this much probability; 1 = off (default: ${DEFAULT-VALUE}).", defaultValue = "0.95")
    double topP;

    @Option(names = "--min-p", description = "Drop tokens below this fraction of the best one's probability; 0 = off (default: ${DEFAULT-VALUE}).", defaultValue = "0.05")
    double minP;

    @Option(names = "--repeat-penalty", description = "Penalise repeated tokens (1 = off) (default: ${DEFAULT-VALUE}).", defaultValue = "1.0")
    double repeatPenalty;

    @Option(names = "--repeat-last-n", description = "How many recent tokens the penalties look at; -1 = all (default: ${DEFAULT-VALUE}).", defaultValue = "64")
    int repeatLastN;

    @Option(names = "--frequency-penalty", description = "Subtract this times a token's count so far (default: ${DEFAULT-VALUE}).", defaultValue = "0")
    double frequencyPenalty;

    @Option(names = "--presence-penalty", description = "Subtract this from tokens that occurred at all (default: ${DEFAULT-VALUE}).", defaultValue = "0")
    double presencePenalty;

    @Option(names = {"-s", "--seed"}, description = "Random seed; the same seed gives the same output (default: random).")
    Long seed;

    SamplingParams toParams() {
        long s = seed != null ? seed : new SecureRandom().nextLong();
        return new SamplingParams(temperature, topK, topP, minP, repeatPenalty, repeatLastN,
                frequencyPenalty, presencePenalty, s);
    }
}
