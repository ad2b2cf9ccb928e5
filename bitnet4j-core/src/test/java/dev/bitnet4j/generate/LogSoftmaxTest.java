package dev.bitnet4j.generate;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

class LogSoftmaxTest {

    @Test
    void probabilitiesSumToOneOverTheWholeVocabulary() {
        int vocab = 128256;
        float[] logits = new float[vocab + 3];
        SplittableRandom r = new SplittableRandom(3);
        for (int i = 0; i < logits.length; i++) logits[i] = (float) (r.nextGaussian() * 4 + 30); // large: needs the max shift
        logits[3 + 17] = Float.NaN;
        double logZ = LogSoftmax.logSumExp(logits, 3, vocab);
        double sum = 0;
        for (int i = 0; i < vocab; i++) sum += Math.exp(LogSoftmax.value(logits[3 + i]) - logZ);
        assertEquals(1.0, sum, 1e-9);
    }

    @Test
    void topIdsAreTheHighestInOrder() {
        float[] logits = {1, 5, 3, 5, -2, 4};
        assertArrayEquals(new int[]{1, 3, 5}, LogSoftmax.topIds(logits, 0, 6, 3));
        assertArrayEquals(new int[]{}, LogSoftmax.topIds(logits, 0, 6, 0));
        assertArrayEquals(new int[]{1, 3, 5, 2, 0, 4}, LogSoftmax.topIds(logits, 0, 6, 20));
    }

    @Test
    void tokenLogprobs() {
        float[] logits = {0, 2, 1};
        TokenLogprobs lp = TokenLogprobs.of(logits, 0, 3, 2, 2);
        double z = Math.log(1 + Math.exp(2) + Math.exp(1));
        assertEquals(1 - z, lp.logprob(), 1e-12);
        assertEquals(1, lp.top().get(0).id());
        assertEquals(2 - z, lp.top().get(0).logprob(), 1e-12);
        assertEquals(2, lp.top().get(1).id());
        assertTrue(lp.top().get(0).logprob() >= lp.top().get(1).logprob());
    }
}
