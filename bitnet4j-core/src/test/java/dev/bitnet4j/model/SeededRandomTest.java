package dev.bitnet4j.model;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class SeededRandomTest {
    @Test
    void isSplitMix64() {
        // SplitMix64's published first outputs for seed 0 (Vigna's reference implementation).
        SeededRandom rng = new SeededRandom(0);
        assertEquals(0xE220A8397B1DCDAFL, rng.nextLong());
        assertEquals(0x6E789E6AA1B965F4L, rng.nextLong());
    }

    @Test
    void belowIsInRangeAndUnbiased() {
        SeededRandom rng = new SeededRandom(7);
        int[] counts = new int[6];
        int n = 600_000;
        for (int i = 0; i < n; i++) counts[(int) rng.below(6)]++;
        for (int c : counts) assertEquals(n / 6.0, c, 5 * Math.sqrt(n / 6.0), "counts " + java.util.Arrays.toString(counts));
        // A bound just over half the range: modulo would favour the low half by 2:1; rejection does not.
        long big = (1L << 62) + 1;
        int low = 0;
        for (int i = 0; i < 100_000; i++) {
            long v = rng.below(big);
            assertTrue(v >= 0 && v < big);
            if (v < big / 2) low++;
        }
        assertEquals(50_000, low, 1_000);
        assertEquals(0, rng.below(1));
        assertThrows(IllegalArgumentException.class, () -> rng.below(0));
    }

    @Test
    void stepStreamsDependOnSeedAndStep() {
        long a = SeededRandom.forStep(1, 5).nextLong();
        assertEquals(a, SeededRandom.forStep(1, 5).nextLong());
        assertNotEquals(a, SeededRandom.forStep(2, 5).nextLong());
        assertNotEquals(a, SeededRandom.forStep(1, 6).nextLong());
    }

    @Test
    void gaussianHasTheRightMoments() {
        SeededRandom rng = new SeededRandom(42);
        int n = 2_000_000;
        double s1 = 0, s2 = 0, s4 = 0;
        int beyond3 = 0, beyondR = 0;
        for (int i = 0; i < n; i++) {
            double x = rng.nextGaussian();
            s1 += x;
            s2 += x * x;
            s4 += x * x * x * x;
            if (Math.abs(x) > 3) beyond3++;
            if (Math.abs(x) > 3.442619855899) beyondR++;   // only the tail algorithm makes these
        }
        assertEquals(0, s1 / n, 0.003);
        assertEquals(1, s2 / n, 0.005);
        assertEquals(3, s4 / n, 0.03);
        assertEquals(0.0026998, beyond3 / (double) n, 0.0002);
        assertEquals(0.000576, beyondR / (double) n, 0.0001);
    }

    @Test
    void tensorStreamsDependOnSeedAndName() {
        long a = SeededRandom.forTensor(1, "x").nextLong();
        assertEquals(a, SeededRandom.forTensor(1, "x").nextLong());
        assertNotEquals(a, SeededRandom.forTensor(2, "x").nextLong());
        assertNotEquals(a, SeededRandom.forTensor(1, "y").nextLong());
    }
}
