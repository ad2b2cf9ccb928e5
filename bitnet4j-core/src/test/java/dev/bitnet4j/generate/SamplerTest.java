package dev.bitnet4j.generate;

import dev.bitnet4j.BitNetException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The sampling chain against hand-computed cases and a naive full-sort reference. Every random source
 * is seeded, so the statistical checks give the same answer on every run.
 */
class SamplerTest {
    /** Probabilities 0.5, 0.3, 0.15, 0.05 as logits: boundaries of top-p and min-p are known exactly. */
    static final float[] KNOWN = logs(0.5, 0.3, 0.15, 0.05);
    static final int[] NO_HISTORY = new int[0];

    static final SamplingParams PLAIN = SamplingParams.greedy().withTemperature(1.0).withSeed(42);

    // ---- greedy ----

    @Test
    void greedyPicksArgmaxAndTiesGoToLowestId() {
        Sampler s = new Sampler(SamplingParams.greedy(), 6);
        assertEquals(3, s.sample(new float[]{1, 2, -5, 7, 0, 6.9f}, 0, NO_HISTORY, 0));
        assertEquals(1, s.sample(new float[]{1, 3, 3, 2, 3, -1}, 0, NO_HISTORY, 0));
        assertEquals(0, s.sample(new float[]{-2, -2, -2, -2, -2, -2}, 0, NO_HISTORY, 0));
        // -0.0 and 0.0 are the same logit: the tie goes to the lower id.
        assertEquals(2, s.sample(new float[]{-1, -1, -0.0f, 0.0f, -3, -4}, 0, NO_HISTORY, 0));
        // NaN is -inf, not a winner; +inf wins.
        assertEquals(4, s.sample(new float[]{Float.NaN, 1, 2, Float.NaN, 3, 2}, 0, NO_HISTORY, 0));
        assertEquals(5, s.sample(new float[]{1e30f, 1, 2, 3, 4, Float.POSITIVE_INFINITY}, 0, NO_HISTORY, 0));
    }

    @Test
    void greedyReadsTheRowAtOffset() {
        float[] rows = {9, 0, 0, 0, /* row 1: */ 0, 1, 5, 2, /* row 2: */ 9, 9, 9, 9};
        Sampler s = new Sampler(SamplingParams.greedy(), 4);
        assertEquals(2, s.sample(rows, 4, NO_HISTORY, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> s.sample(rows, 9, NO_HISTORY, 0));
    }

    @Test
    void nothingToSampleIsAnError() {
        float[] dead = {Float.NEGATIVE_INFINITY, Float.NaN, Float.NEGATIVE_INFINITY};
        for (SamplingParams p : List.of(SamplingParams.greedy(), PLAIN, SamplingParams.defaults())) {
            BitNetException e = assertThrows(BitNetException.class, () -> new Sampler(p, 3).sample(dead, 0, NO_HISTORY, 0));
            assertTrue(e.getMessage().contains("-inf"), e.getMessage());
        }
    }

    // ---- determinism ----

    @Test
    void sameSeedGivesSameSequenceAndDifferentSeedsDiffer() {
        float[] logits = randomLogits(new Random(7), 50, 1.0);
        SamplingParams p = PLAIN.withSeed(1234);
        int[] a = draws(new Sampler(p, 50), logits, 5000);
        int[] b = draws(new Sampler(p, 50), logits, 5000);
        int[] c = draws(new Sampler(p.withSeed(1235), 50), logits, 5000);
        assertArrayEquals(a, b);
        assertFalse(Arrays.equals(a, c));
        long same = java.util.stream.IntStream.range(0, a.length).filter(i -> a[i] == c[i]).count();
        assertTrue(same < a.length / 4, "different seeds agree on " + same + " of " + a.length);
    }

    @Test
    void sequenceIsPinnedForAFixedSeed() {
        // SplitMix64 and StrictMath are specified to the bit, so this holds on every JVM. A change here
        // means seeded runs no longer reproduce earlier ones.
        Sampler s = new Sampler(SamplingParams.defaults().withSeed(2024).withTopK(0).withMinP(0).withTopP(1), 4);
        int[] got = draws(s, KNOWN, 20);
        assertArrayEquals(new int[]{1, 0, 0, 0, 1, 0, 0, 1, 0, 0, 0, 1, 1, 1, 0, 1, 3, 0, 1, 0}, got);
    }

    @Test
    void resetReplaysTheSequence() {
        float[] logits = randomLogits(new Random(3), 100, 0.5);
        Sampler s = new Sampler(SamplingParams.defaults().withSeed(99).withTopK(0), 100);
        int[] first = draws(s, logits, 300);
        int[] more = draws(s, logits, 300);
        assertFalse(Arrays.equals(first, more));
        s.reset();
        assertArrayEquals(first, draws(s, logits, 300));
    }

    // ---- top-k ----

    @ParameterizedTest
    @ValueSource(doubles = {0.05, 0.7, 1.0, 3.0, 100.0})
    void topKOfOneIsGreedyAtAnyTemperature(double temperature) {
        Random r = new Random(11);
        Sampler greedy = new Sampler(SamplingParams.greedy(), 1000);
        Sampler k1 = new Sampler(PLAIN.withTemperature(temperature).withTopK(1).withSeed(5), 1000);
        for (int i = 0; i < 200; i++) {
            float[] logits = randomLogits(r, 1000, 1.0);
            if (i % 2 == 0) { // force a tie for first place
                int top = greedy.sample(logits, 0, NO_HISTORY, 0);
                logits[(top + 17) % 1000] = logits[top];
            }
            assertEquals(greedy.sample(logits, 0, NO_HISTORY, 0), k1.sample(logits, 0, NO_HISTORY, 0));
        }
    }

    @Test
    void topKThreeStaysInsideTheThreeBestAndUsesAllOfThem() {
        float[] logits = randomLogits(new Random(21), 1000, 1.0);
        int[] best = topIds(logits, 3);
        Sampler s = new Sampler(PLAIN.withTemperature(2.0).withTopK(3).withSeed(8), 1000);
        int[] hits = new int[1000];
        for (int t : draws(s, logits, 2000)) hits[t]++;
        int inside = hits[best[0]] + hits[best[1]] + hits[best[2]];
        assertEquals(2000, inside, "draws outside the top 3");
        for (int id : best) assertTrue(hits[id] > 0, "top-3 token " + id + " never drawn");
    }

    @Test
    void topKOnAFullSizeVocabularyKeepsExactlyTheKBest() {
        int v = 128_256;
        float[] logits = randomLogits(new Random(5), v, 3.0);
        for (int i = 0; i < 2000; i++) logits[i * 61] = 20f; // many ties at the top
        Sampler s = new Sampler(PLAIN.withTopK(40), v);
        int n = s.filter(logits, 0, NO_HISTORY, 0);
        assertEquals(40, n);
        int[] got = new int[n];
        for (int i = 0; i < n; i++) got[i] = s.candidate(i);
        Arrays.sort(got);
        int[] want = topIds(logits, 40);
        Arrays.sort(want);
        assertArrayEquals(want, got);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 40, 1024, 1025, 2500, 4998, 4999, 5000, 9000})
    void topKKeepsExactlyTheKBestWithTiesToLowestId(int k) {
        int v = 5000;
        float[] logits = new float[v];
        Random r = new Random(k);
        for (int i = 0; i < v; i++) logits[i] = r.nextInt(50) / 4f; // heavy ties everywhere
        Sampler s = new Sampler(PLAIN.withTopK(k), v);
        int n = s.filter(logits, 0, NO_HISTORY, 0);
        assertEquals(Math.min(k, v), n);
        int[] got = new int[n];
        for (int i = 0; i < n; i++) got[i] = s.candidate(i);
        Arrays.sort(got);
        int[] want = topIds(logits, k);
        Arrays.sort(want);
        assertArrayEquals(want, got);
    }

    // ---- top-p and min-p boundaries ----

    @ParameterizedTest
    @CsvSource({"0.49, 1", "0.51, 2", "0.79, 2", "0.81, 3", "0.94, 3", "0.96, 4", "1.0, 4"})
    void topPKeepsTheSmallestSetReachingP(double topP, int kept) {
        Sampler s = new Sampler(PLAIN.withTopP(topP), 4);
        assertEquals(kept, s.filter(KNOWN, 0, NO_HISTORY, 0));
        double[] p = probabilities(s, kept, 4);
        double mass = 0;
        for (int i = 0; i < kept; i++) mass += new double[]{0.5, 0.3, 0.15, 0.05}[i];
        double[] want = {0.5, 0.3, 0.15, 0.05};
        // 1e-6: KNOWN holds float logits, so its probabilities are the exact ones to about 1e-8.
        for (int i = 0; i < 4; i++) assertEquals(i < kept ? want[i] / mass : 0, p[i], 1e-6, "token " + i);
        int[] hits = new int[4];
        for (int t : draws(s, KNOWN, 2000)) hits[t]++;
        for (int i = 0; i < 4; i++) assertEquals(i < kept, hits[i] > 0, "token " + i + " drawn " + hits[i] + " times");
    }

    @ParameterizedTest
    @CsvSource({"0.09, 4", "0.11, 3", "0.29, 3", "0.31, 2", "0.59, 2", "0.61, 1", "1.0, 1"})
    void minPDropsTokensBelowMinPTimesTheTopProbability(double minP, int kept) {
        Sampler s = new Sampler(PLAIN.withMinP(minP), 4);
        assertEquals(kept, s.filter(KNOWN, 0, NO_HISTORY, 0));
        double[] p = probabilities(s, kept, 4);
        double[] want = {0.5, 0.3, 0.15, 0.05};
        double mass = 0;
        for (int i = 0; i < kept; i++) mass += want[i];
        // 1e-6: KNOWN holds float logits, so its probabilities are the exact ones to about 1e-8.
        for (int i = 0; i < 4; i++) assertEquals(i < kept ? want[i] / mass : 0, p[i], 1e-6, "token " + i);
    }

    @Test
    void boundariesHoldWithExactlyRepresentableProbabilities() {
        // Equal logits give weights of exactly 1, so the sums below are exact.
        float[] flat = {0.25f, 0.25f, 0.25f, 0.25f};
        // Two of four make exactly 0.5: enough for top-p 0.5 (>=), and the tie keeps the lowest ids.
        Sampler half = new Sampler(PLAIN.withTopP(0.5), 4);
        assertEquals(2, half.filter(flat, 0, NO_HISTORY, 0));
        assertArrayEquals(new double[]{0.5, 0.5, 0, 0}, probabilities(half, 2, 4));
        assertEquals(3, new Sampler(PLAIN.withTopP(0.75), 4).filter(flat, 0, NO_HISTORY, 0));
        assertEquals(3, new Sampler(PLAIN.withTopP(Math.nextUp(0.5)), 4).filter(flat, 0, NO_HISTORY, 0));
        // min-p 1 keeps every token tied with the top one (p = pMax is not below minP · pMax).
        assertEquals(2, new Sampler(PLAIN.withMinP(1), 3).filter(new float[]{2, 2, 1.99f}, 0, NO_HISTORY, 0));
    }

    @Test
    void filtersRunInTheDocumentedOrder() {
        // top-k renormalizes before top-p: over {0.5, 0.3} the top token has 0.625 >= 0.6, so it is alone.
        // (top-p over the full softmax would have kept two.)
        assertEquals(1, new Sampler(PLAIN.withTopK(2).withTopP(0.6), 4).filter(KNOWN, 0, NO_HISTORY, 0));
        // top-p measures the mass before min-p: 0.5 + 0.3 < 0.83, so three survive top-p and min-p 0.2
        // (threshold 0.1) keeps them. Min-p first would renormalize to 0.526 + 0.316 >= 0.83 and keep two.
        assertEquals(3, new Sampler(PLAIN.withMinP(0.2).withTopP(0.83), 4).filter(KNOWN, 0, NO_HISTORY, 0));
        // Both on: the stricter one decides.
        assertEquals(2, new Sampler(PLAIN.withMinP(0.5).withTopP(0.81), 4).filter(KNOWN, 0, NO_HISTORY, 0));
        assertEquals(1, new Sampler(PLAIN.withMinP(0.1).withTopP(0.3), 4).filter(KNOWN, 0, NO_HISTORY, 0));
        // Temperature before the filters: at T = 2 the probabilities flatten to sqrt-ish ratios, so min-p
        // 0.5 (p / pMax = sqrt(0.3 / 0.5) = 0.775, sqrt(0.15 / 0.5) = 0.548, sqrt(0.1) = 0.316) keeps three.
        assertEquals(3, new Sampler(PLAIN.withTemperature(2).withMinP(0.5), 4).filter(KNOWN, 0, NO_HISTORY, 0));
    }

    // ---- temperature ----

    @ParameterizedTest
    @ValueSource(doubles = {0.5, 1.0, 2.0})
    void frequenciesFollowSoftmaxOfLogitsOverTemperature(double temperature) {
        float[] logits = {2.0f, 1.0f, 0.5f, -1.0f};
        double[] expected = softmax(logits, temperature);
        Sampler s = new Sampler(PLAIN.withTemperature(temperature).withSeed(77), 4);
        assertArrayEquals(expected, probabilities(s, s.filter(logits, 0, NO_HISTORY, 0), 4), 1e-12);
        int draws = 20_000;
        int[] hits = new int[4];
        for (int t : draws(s, logits, draws)) hits[t]++;
        double chi2 = 0;
        for (int i = 0; i < 4; i++) {
            double e = expected[i] * draws;
            chi2 += (hits[i] - e) * (hits[i] - e) / e;
        }
        // 3 degrees of freedom: P(chi2 > 16.27) = 0.001. The seed is fixed, so this cannot flake.
        assertTrue(chi2 < 16.27, "chi-square " + chi2 + " for counts " + Arrays.toString(hits));
    }

    // ---- penalties ----

    @Test
    void repetitionPenaltyDividesPositiveAndMultipliesNegativeLogits() {
        float[] logits = {2.0f, -1.0f, 0.5f, 3.0f, 0.0f};
        SamplingParams p = PLAIN.withRepetitionPenalty(2.0).withRepeatLastN(-1);
        // Token 0 positive -> 1.0, token 1 negative -> -2.0, token 4 zero stays 0 (0 · 2); counts do not matter.
        assertPenalized(p, logits, new int[]{0, 1, 1, 1, 4}, new float[]{1.0f, -2.0f, 0.5f, 3.0f, 0.0f});
        // Window of 2: only the last two tokens (1 and 4) are penalized.
        assertPenalized(p.withRepeatLastN(2), logits, new int[]{0, 1, 1, 1, 4}, new float[]{2.0f, -2.0f, 0.5f, 3.0f, 0.0f});
        // Window of 0: no penalty at all; a window longer than the history is the whole history.
        assertPenalized(p.withRepeatLastN(0), logits, new int[]{0, 1}, logits);
        assertPenalized(p.withRepeatLastN(1000), logits, new int[]{3}, new float[]{2.0f, -1.0f, 0.5f, 1.5f, 0.0f});
        // A penalty below 1 rewards repetition.
        assertPenalized(p.withRepetitionPenalty(0.5), logits, new int[]{0, 1}, new float[]{4.0f, -0.5f, 0.5f, 3.0f, 0.0f});
    }

    @Test
    void repetitionPenaltyChangesTheGreedyChoice() {
        float[] logits = {1.0f, 3.0f, 2.0f};
        Sampler s = new Sampler(SamplingParams.greedy().withRepetitionPenalty(1.6), 3);
        assertEquals(2, s.sample(logits, 0, new int[]{1}, 1));       // 3 / 1.6 = 1.875 < 2
        assertEquals(1, new Sampler(SamplingParams.greedy().withRepetitionPenalty(1.4), 3)
                .sample(logits, 0, new int[]{1}, 1));                 // 3 / 1.4 = 2.14 > 2
        assertEquals(1, s.sample(logits, 0, new int[]{1, 0}, 0));    // historyLength 0: nothing seen
    }

    @Test
    void frequencyAndPresencePenaltiesFollowTheFormula() {
        float[] logits = {5.0f, 4.0f, 3.5f};
        int[] history = {0, 0, 1};
        // logit -= count · frequency + (count > 0 ? presence : 0)
        record Case(double freq, double pres, int repeatLastN, int expected) {}
        for (Case c : List.of(
                new Case(0.4, 0.3, -1, 0),  // 5 - 0.8 - 0.3 = 3.9 beats 3.5
                new Case(0.7, 0.3, -1, 2),  // 5 - 1.4 - 0.3 = 3.3 loses to 3.5
                new Case(0.0, 1.2, -1, 0),  // 3.8 vs 3.5
                new Case(0.0, 1.6, -1, 2),  // 3.4 vs 3.5
                new Case(0.8, 0.0, -1, 2),  // 5 - 1.6 = 3.4 vs 3.5
                new Case(0.8, 0.0, 2, 0),   // window {0, 1}: 5 - 0.8 = 4.2
                new Case(-1.0, 0.0, -1, 0), // negative frequency encourages: 7
                new Case(0.0, -2.0, 1, 1))) { // window {1}: 4 + 2 = 6 beats 5
            SamplingParams p = SamplingParams.greedy().withFrequencyPenalty(c.freq).withPresencePenalty(c.pres)
                    .withRepeatLastN(c.repeatLastN);
            assertEquals(c.expected, new Sampler(p, 3).sample(logits, 0, history, history.length), c.toString());
            int start = c.repeatLastN < 0 ? 0 : history.length - c.repeatLastN;
            float[] want = logits.clone();
            for (int t = 0; t < 3; t++) {
                int count = 0;
                for (int i = start; i < history.length; i++) if (history[i] == t) count++;
                want[t] = (float) (logits[t] - (count * c.freq + (count > 0 ? c.pres : 0)));
            }
            assertPenalized(p.withTemperature(1), logits, history, want);
        }
    }

    @Test
    void repetitionPenaltyComesBeforeFrequencyAndPresence() {
        // llama.cpp: (4 / 2) - 1 · 0.5 - 0.25 = 1.25, not (4 - 0.75) / 2.
        SamplingParams p = PLAIN.withRepetitionPenalty(2).withFrequencyPenalty(0.5).withPresencePenalty(0.25);
        assertPenalized(p, new float[]{4, 1.3f}, new int[]{0}, new float[]{1.25f, 1.3f});
    }

    @Test
    void historyWithABadTokenIdIsRejectedAndLeavesNoTrace() {
        Sampler s = new Sampler(SamplingParams.greedy().withPresencePenalty(10), 3);
        float[] logits = {3, 2, 1};
        assertThrows(IllegalArgumentException.class, () -> s.sample(logits, 0, new int[]{0, 3}, 2));
        assertThrows(IllegalArgumentException.class, () -> s.sample(logits, 0, new int[]{-1}, 1));
        assertThrows(IndexOutOfBoundsException.class, () -> s.sample(logits, 0, new int[]{0}, 2));
        assertEquals(0, s.sample(logits, 0, NO_HISTORY, 0));
        assertEquals(1, s.sample(logits, 0, new int[]{0}, 1));
    }

    // ---- contract ----

    @Test
    void callerLogitsAreNeverModified() {
        Random r = new Random(1);
        float[] logits = randomLogits(r, 500, 2.0);
        logits[3] = Float.NaN;
        logits[4] = Float.NEGATIVE_INFINITY;
        float[] before = logits.clone();
        int[] history = new int[300];
        for (int i = 0; i < history.length; i++) history[i] = r.nextInt(500);
        SamplingParams p = SamplingParams.defaults().withRepetitionPenalty(1.3).withFrequencyPenalty(0.2)
                .withPresencePenalty(0.1).withRepeatLastN(-1);
        for (SamplingParams q : List.of(p, p.withTemperature(0), p.withTopK(0), p.withTopK(0).withMinP(0))) {
            Sampler s = new Sampler(q, 500);
            for (int i = 0; i < 50; i++) s.sample(logits, 0, history, history.length);
        }
        assertArrayEquals(before, logits); // compares bits, so the NaN is checked too
    }

    @Test
    void aVocabularyOfOneAlwaysGivesTokenZero() {
        float[] logits = {-3.5f};
        for (SamplingParams p : List.of(SamplingParams.greedy(), PLAIN, SamplingParams.defaults(),
                SamplingParams.defaults().withTopK(5).withTopP(0.1).withMinP(1).withRepetitionPenalty(3).withPresencePenalty(9))) {
            Sampler s = new Sampler(p, 1);
            for (int i = 0; i < 20; i++) assertEquals(0, s.sample(logits, 0, new int[]{0, 0}, 2));
        }
    }

    @Test
    void invalidVocabularySizeIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> new Sampler(PLAIN, 0));
        assertThrows(NullPointerException.class, () -> new Sampler(null, 4));
    }

    // ---- parameters ----

    @Test
    void invalidParametersNameTheParameter() {
        SamplingParams d = SamplingParams.defaults();
        List<Object[]> bad = List.of(
                new Object[]{"temperature", (Supplier<?>) () -> d.withTemperature(-0.1)},
                new Object[]{"temperature", (Supplier<?>) () -> d.withTemperature(Double.NaN)},
                new Object[]{"temperature", (Supplier<?>) () -> d.withTemperature(Double.POSITIVE_INFINITY)},
                new Object[]{"topK", (Supplier<?>) () -> d.withTopK(-1)},
                new Object[]{"topP", (Supplier<?>) () -> d.withTopP(0)},
                new Object[]{"topP", (Supplier<?>) () -> d.withTopP(1.01)},
                new Object[]{"topP", (Supplier<?>) () -> d.withTopP(Double.NaN)},
                new Object[]{"minP", (Supplier<?>) () -> d.withMinP(-0.01)},
                new Object[]{"minP", (Supplier<?>) () -> d.withMinP(1.5)},
                new Object[]{"minP", (Supplier<?>) () -> d.withMinP(Double.NaN)},
                new Object[]{"repetitionPenalty", (Supplier<?>) () -> d.withRepetitionPenalty(0)},
                new Object[]{"repetitionPenalty", (Supplier<?>) () -> d.withRepetitionPenalty(-1)},
                new Object[]{"repetitionPenalty", (Supplier<?>) () -> d.withRepetitionPenalty(Double.NaN)},
                new Object[]{"repeatLastN", (Supplier<?>) () -> d.withRepeatLastN(-2)},
                new Object[]{"frequencyPenalty", (Supplier<?>) () -> d.withFrequencyPenalty(Double.NaN)},
                new Object[]{"frequencyPenalty", (Supplier<?>) () -> d.withFrequencyPenalty(Double.NEGATIVE_INFINITY)},
                new Object[]{"presencePenalty", (Supplier<?>) () -> d.withPresencePenalty(Double.NaN)});
        for (Object[] b : bad) {
            String name = (String) b[0];
            BitNetException e = assertThrows(BitNetException.class, ((Supplier<?>) b[1])::get, name);
            assertTrue(e.getMessage().contains(name + " "), e.getMessage());
        }
    }

    @Test
    void edgeValuesAreAccepted() {
        SamplingParams p = SamplingParams.greedy().withTopP(1).withMinP(1).withMinP(0).withRepeatLastN(-1)
                .withFrequencyPenalty(-2).withPresencePenalty(2).withTopK(Integer.MAX_VALUE).withTemperature(1e-9);
        assertEquals(Integer.MAX_VALUE, p.topK());
        assertEquals(1e-9, p.temperature());
        // A tiny temperature is greedy in all but name (no overflow to NaN on the way).
        assertEquals(1, new Sampler(p, 3).sample(new float[]{1, 2, 1.999f}, 0, NO_HISTORY, 0));
    }

    @Test
    void presetsAndCopies() {
        SamplingParams g = SamplingParams.greedy();
        assertEquals(0, g.temperature());
        assertEquals(0, g.topK());
        assertEquals(1.0, g.topP());
        assertEquals(0, g.minP());
        assertEquals(1.0, g.repetitionPenalty());
        SamplingParams d = SamplingParams.defaults();
        assertEquals(new SamplingParams(0.8, 40, 0.95, 0.05, 1.0, 64, 0, 0, d.seed()), d);
        assertNotEquals(d.seed(), SamplingParams.defaults().seed()); // 2^-64 chance of a false failure
        SamplingParams all = d.withTemperature(0.3).withTopK(7).withTopP(0.5).withMinP(0.2).withRepetitionPenalty(1.1)
                .withRepeatLastN(12).withFrequencyPenalty(0.4).withPresencePenalty(0.6).withSeed(9);
        assertEquals(new SamplingParams(0.3, 7, 0.5, 0.2, 1.1, 12, 0.4, 0.6, 9), all);
    }

    // ---- against a naive reference ----

    @Test
    void matchesAFullSortReferenceOnRandomInputs() {
        Random r = new Random(2718);
        for (int trial = 0; trial < 300; trial++) {
            int v = switch (trial % 4) {
                case 0 -> 1 + r.nextInt(8);
                case 1 -> 1 + r.nextInt(200);
                case 2 -> 1 + r.nextInt(5000);
                default -> 128_256;
            };
            if (v == 128_256 && trial % 40 != 3) v = 20_000; // a few full-size ones; they are slow in the reference
            float[] logits = randomLogits(r, v, 0.5 + 4 * r.nextDouble());
            if (r.nextBoolean()) for (int i = 0; i < v; i++) logits[i] = Math.round(logits[i] * 2) / 2f; // ties
            if (v > 3 && r.nextInt(4) == 0) logits[r.nextInt(v)] = Float.NEGATIVE_INFINITY;
            SamplingParams p = new SamplingParams(
                    0.2 + 2 * r.nextDouble(),
                    r.nextInt(3) == 0 ? 0 : 1 + r.nextInt(r.nextBoolean() ? 50 : Math.max(1, v)),
                    r.nextInt(3) == 0 ? 1.0 : 0.05 + 0.95 * r.nextDouble(),
                    r.nextInt(3) == 0 ? 0 : 0.3 * r.nextDouble(),
                    r.nextBoolean() ? 1.0 : 0.7 + r.nextDouble(),
                    r.nextInt(3) - 1 + (r.nextBoolean() ? 0 : r.nextInt(100)),
                    r.nextBoolean() ? 0 : r.nextDouble() - 0.3,
                    r.nextBoolean() ? 0 : r.nextDouble() - 0.3,
                    trial);
            int[] history = new int[r.nextInt(120)];
            for (int i = 0; i < history.length; i++) history[i] = r.nextInt(Math.min(v, 60));
            double[] want = reference(p, logits, history);
            Sampler s = new Sampler(p, v);
            int n = s.filter(logits, 0, history, history.length);
            double[] got = probabilities(s, n, v);
            for (int i = 0; i < v; i++) {
                if (Math.abs(want[i] - got[i]) > 1e-9) {
                    fail("trial " + trial + " " + p + " vocab " + v + ": token " + i + " has p " + got[i] + ", reference " + want[i]);
                }
            }
        }
    }

    @Test
    void selectPutsTheSmallestFirst() {
        Random r = new Random(4);
        for (int trial = 0; trial < 500; trial++) {
            int n = 1 + r.nextInt(trial % 10 == 0 ? 5000 : 60);
            long[] a = new long[n];
            for (int i = 0; i < n; i++) a[i] = trial % 3 == 0 ? i : r.nextLong(); // sorted input too
            if (trial % 3 == 1) Arrays.sort(a);
            if (trial % 6 == 1) for (int i = 0; i < n / 2; i++) { long t = a[i]; a[i] = a[n - 1 - i]; a[n - 1 - i] = t; }
            long[] sorted = a.clone();
            Arrays.sort(sorted);
            int lo = r.nextInt(n), k = lo + r.nextInt(n - lo + 1);
            long[] prefix = Arrays.copyOf(a, lo);
            Sampler.select(a, lo, n, k);
            assertArrayEquals(prefix, Arrays.copyOf(a, lo), "untouched below lo");
            long[] rest = Arrays.copyOfRange(a, lo, n), restSorted = rest.clone();
            Arrays.sort(restSorted);
            long[] chosen = Arrays.copyOfRange(a, lo, k);
            Arrays.sort(chosen);
            assertArrayEquals(Arrays.copyOf(restSorted, k - lo), chosen, "trial " + trial);
        }
    }

    // ---- helpers ----

    /** The chain written out plainly: full sort, prefix cuts, no tricks. Probabilities by token id. */
    static double[] reference(SamplingParams p, float[] logits, int[] history) {
        int v = logits.length;
        double[] x = new double[v];
        for (int i = 0; i < v; i++) x[i] = Float.isNaN(logits[i]) ? Double.NEGATIVE_INFINITY : logits[i];
        int start = p.repeatLastN() < 0 ? 0 : Math.max(0, history.length - p.repeatLastN());
        int[] count = new int[v];
        for (int i = start; i < history.length; i++) count[history[i]]++;
        for (int t = 0; t < v; t++) {
            if (count[t] == 0) continue;
            double y = (float) x[t];
            y = y > 0 ? y / p.repetitionPenalty() : y * p.repetitionPenalty();
            y -= count[t] * p.frequencyPenalty() + p.presencePenalty();
            x[t] = (float) y;
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < v; i++) if (x[i] > Double.NEGATIVE_INFINITY) order.add(i);
        order.sort(Comparator.<Integer>comparingDouble(i -> -x[i]).thenComparingInt(i -> i));
        if (p.topK() > 0 && p.topK() < order.size()) order = order.subList(0, p.topK());
        double max = x[order.getFirst()];
        double[] w = new double[v];
        double z = 0;
        for (int i : order) z += w[i] = Math.exp((x[i] - max) / p.temperature());
        int keep = order.size();
        if (p.topP() < 1) {
            double cum = 0;
            for (int j = 0; j < order.size(); j++) {
                cum += w[order.get(j)] / z;
                if (cum >= p.topP()) {
                    keep = j + 1;
                    break;
                }
            }
        }
        double[] out = new double[v];
        double sum = 0;
        for (int j = 0; j < keep; j++) {
            int i = order.get(j);
            if (w[i] >= p.minP()) sum += out[i] = w[i];
        }
        for (int i = 0; i < v; i++) out[i] /= sum;
        return out;
    }

    static void assertPenalized(SamplingParams p, float[] logits, int[] history, float[] penalized) {
        Sampler s = new Sampler(p.withTemperature(1).withTopK(0).withTopP(1).withMinP(0), logits.length);
        double[] got = probabilities(s, s.filter(logits, 0, history, history.length), logits.length);
        assertArrayEquals(softmax(penalized, 1), got, 1e-9, p + " history " + Arrays.toString(history));
    }

    static double[] probabilities(Sampler s, int n, int v) {
        double[] p = new double[v];
        for (int i = 0; i < n; i++) p[s.candidate(i)] = s.probability(i);
        return p;
    }

    static double[] softmax(float[] logits, double t) {
        double max = Double.NEGATIVE_INFINITY;
        for (float l : logits) max = Math.max(max, l);
        double[] p = new double[logits.length];
        double z = 0;
        for (int i = 0; i < p.length; i++) z += p[i] = Math.exp((logits[i] - max) / t);
        for (int i = 0; i < p.length; i++) p[i] /= z;
        return p;
    }

    static int[] draws(Sampler s, float[] logits, int count) {
        int[] out = new int[count];
        for (int i = 0; i < count; i++) out[i] = s.sample(logits, 0, NO_HISTORY, 0);
        return out;
    }

    static float[] randomLogits(Random r, int v, double scale) {
        float[] l = new float[v];
        for (int i = 0; i < v; i++) l[i] = (float) (r.nextGaussian() * scale);
        return l;
    }

    /** Ids of the k highest logits, ties to the lowest id, best first. */
    static int[] topIds(float[] logits, int k) {
        return java.util.stream.IntStream.range(0, logits.length).boxed()
                .sorted(Comparator.<Integer>comparingDouble(i -> -logits[i]).thenComparingInt(i -> i))
                .limit(k).mapToInt(Integer::intValue).toArray();
    }

    static float[] logs(double... p) {
        float[] l = new float[p.length];
        for (int i = 0; i < p.length; i++) l[i] = (float) Math.log(p[i]);
        return l;
    }
}
