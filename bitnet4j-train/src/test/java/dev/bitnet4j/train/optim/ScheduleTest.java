package dev.bitnet4j.train.optim;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScheduleTest {
    // 100 steps, warmup 10, cooldown at 50, 1.5e-3 → 1e-3, min 1e-5, weight decay 0.1
    private final Schedule s = new Schedule(100, 10, 50, 1.5e-3, 1e-3, 1e-5, 0.1);

    @Test
    void warmupRisesLinearlyToTheFirstPeak() {
        assertEquals(1.5e-4, s.learningRate(0), 1e-15);
        assertEquals(7.5e-4, s.learningRate(4), 1e-15);
        assertEquals(1.5e-3, s.learningRate(9), 1e-15);
        assertEquals(1.5e-3, s.learningRate(10), 1e-15, "stage 1 starts at its peak");
    }

    @Test
    void stageOneDecaysThenDropsAbruptlyToTheSecondPeak() {
        // step 49: cosine from 1.5e-3 to 1e-3 over steps 10..99, at 39/89 of the way
        double expected = 1e-3 + 0.5e-3 * 0.5 * (1 + Math.cos(Math.PI * 39 / 89));
        assertEquals(expected, s.learningRate(49), 1e-15);
        assertTrue(s.learningRate(49) > 1.2e-3 && s.learningRate(49) < s.learningRate(20));
        assertEquals(1e-3, s.learningRate(50), 1e-15, "the drop: stage 2 starts at its peak");
        assertEquals(1e-5, s.learningRate(99), 1e-15, "the last step is at the minimum");
        assertEquals(1e-5 + (1e-3 - 1e-5) * 0.5 * (1 + Math.cos(Math.PI * 25 / 49)), s.learningRate(75), 1e-15);
    }

    @Test
    void weightDecayPeaksInStageOneAndIsZeroInStageTwo() {
        assertEquals(0.1, s.weightDecay(0), 1e-15);
        assertEquals(0.05, s.weightDecay(25), 1e-12);
        assertTrue(s.weightDecay(49) > 0 && s.weightDecay(49) < 0.001);
        assertEquals(0, s.weightDecay(50));
        assertEquals(0, s.weightDecay(99));
    }

    @Test
    void noWarmupAndSingleStepRunsAreDefined() {
        Schedule one = new Schedule(1, 0, 0, 1e-3, 5e-4, 0, 0.1);
        assertEquals(5e-4, one.learningRate(0), 1e-15, "a one-step run is all stage 2");
        assertThrows(IllegalArgumentException.class, () -> new Schedule(10, 6, 5, 1e-3, 1e-3, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new Schedule(10, 0, 11, 1e-3, 1e-3, 0, 0));
    }
}
