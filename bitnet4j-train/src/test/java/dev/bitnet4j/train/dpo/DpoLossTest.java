package dev.bitnet4j.train.dpo;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** The DPO loss, rewards and gradients against the closed form on hand-computed log-probabilities. */
class DpoLossTest {
    @Test
    void equalsTheClosedForm() {
        // Policy prefers the chosen answer by 2 nats more than the reference does: z = 0.1 · ((−10 + 11) − (−12 + 11)) = 0.2.
        DpoLoss d = DpoLoss.of(-10, -12, -11, -11, 0.1);
        assertEquals(0.1, d.chosenReward(), 1e-15);
        assertEquals(-0.1, d.rejectedReward(), 1e-15);
        assertEquals(0.2, d.margin(), 1e-15);
        assertTrue(d.correct());
        assertEquals(Math.log(1 + Math.exp(-0.2)), d.loss(), 1e-15);          // 0.598138869...
        assertEquals(0.5981388693815918, d.loss(), 1e-15);
        double s = 1 / (1 + Math.exp(0.2));                                     // σ(−z)
        assertEquals(-0.1 * s, d.dChosen(), 1e-15);
        assertEquals(0.1 * s, d.dRejected(), 1e-15);
    }

    @Test
    void noPreferenceIsLog2AndAWrongOneCostsMore() {
        DpoLoss even = DpoLoss.of(-5, -7, -5, -7, 0.1);
        assertEquals(Math.log(2), even.loss(), 1e-15);
        assertFalse(even.correct());
        assertEquals(-0.05, even.dChosen(), 1e-15);
        DpoLoss wrong = DpoLoss.of(-12, -10, -11, -11, 0.1);
        assertTrue(wrong.loss() > Math.log(2));
        assertFalse(wrong.correct());
    }

    @Test
    void extremeMarginsNeitherOverflowNorLosePrecision() {
        DpoLoss sure = DpoLoss.of(0, -1e6, 0, 0, 0.1);       // z = 1e5
        assertEquals(0, sure.loss(), 1e-300);
        assertEquals(0, sure.dChosen(), 1e-300);
        DpoLoss awful = DpoLoss.of(-1e6, 0, 0, 0, 0.1);      // z = −1e5: loss ≈ 1e5, gradient −β
        assertEquals(1e5, awful.loss(), 1e-9);
        assertEquals(-0.1, awful.dChosen(), 1e-15);
    }

    @Test
    void gradientMatchesFiniteDifferences() {
        double h = 1e-6;
        DpoLoss d = DpoLoss.of(-3.2, -4.1, -3.5, -3.9, 0.1);
        double num = (DpoLoss.of(-3.2 + h, -4.1, -3.5, -3.9, 0.1).loss() - DpoLoss.of(-3.2 - h, -4.1, -3.5, -3.9, 0.1).loss()) / (2 * h);
        assertEquals(num, d.dChosen(), 1e-9);
        double numR = (DpoLoss.of(-3.2, -4.1 + h, -3.5, -3.9, 0.1).loss() - DpoLoss.of(-3.2, -4.1 - h, -3.5, -3.9, 0.1).loss()) / (2 * h);
        assertEquals(numR, d.dRejected(), 1e-9);
    }
}
