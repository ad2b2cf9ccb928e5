package dev.bitnet4j.generate;

import org.junit.jupiter.api.Test;

import java.util.function.IntPredicate;

import static org.junit.jupiter.api.Assertions.*;

/** Sampling restricted to allowed tokens: the chain's distribution renormalized over them. */
class ConstrainedSamplerTest {
    static final float[] LOGITS = {3, 2.5f, 1, 0.5f, 0, -1, 2, -3};

    @Test
    void greedyTakesTheHighestAllowedLogit() {
        Sampler s = new Sampler(SamplingParams.greedy(), LOGITS.length);
        assertEquals(0, s.sample(LOGITS, 0, null, 0, id -> true));
        assertEquals(6, s.sample(LOGITS, 0, null, 0, id -> id >= 2));
        assertEquals(7, s.sample(LOGITS, 0, null, 0, id -> id == 7));
        assertThrows(RuntimeException.class, () -> s.sample(LOGITS, 0, null, 0, id -> false));
    }

    @Test
    void drawsFollowTheRenormalizedDistribution() {
        IntPredicate odd = id -> id % 2 == 1;
        Sampler s = new Sampler(SamplingParams.greedy().withTemperature(1).withSeed(5), LOGITS.length);
        int draws = 200_000;
        int[] counts = new int[LOGITS.length];
        for (int i = 0; i < draws; i++) counts[s.sample(LOGITS, 0, null, 0, odd)]++;
        double z = 0;
        for (int id = 1; id < LOGITS.length; id += 2) z += Math.exp(LOGITS[id]);
        for (int id = 0; id < LOGITS.length; id++) {
            double want = id % 2 == 1 ? Math.exp(LOGITS[id]) / z : 0;
            assertEquals(want, counts[id] / (double) draws, 0.005, "token " + id);
        }
    }

    @Test
    void whenTheFiltersKeepNothingAllowedTheMaskComesFirst() {
        // top-k 1 keeps only token 0, which is not allowed: the chain reruns over the allowed tokens only
        Sampler s = new Sampler(SamplingParams.greedy().withTemperature(1).withTopK(1).withSeed(1), LOGITS.length);
        for (int i = 0; i < 20; i++) assertEquals(6, s.sample(LOGITS, 0, null, 0, id -> id >= 2));
    }
}
