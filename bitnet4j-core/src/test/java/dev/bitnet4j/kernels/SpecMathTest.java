package dev.bitnet4j.kernels;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The spec §2/§3 rules at their edges: ties to even, the clamps, the 1e-5 floors. */
class SpecMathTest {
    @Test
    void ternaryRoundsTiesToEvenAndClamps() {
        assertEquals(0, SpecMath.ternary(0.5f, 1f));
        assertEquals(0, SpecMath.ternary(-0.5f, 1f));
        assertEquals(1, SpecMath.ternary(0.51f, 1f));
        assertEquals(-1, SpecMath.ternary(-7f, 1f));
        assertEquals(1, SpecMath.ternary(1.5f, 1f));       // rint would give 2: clamped
    }

    @Test
    void absmeanHasAFloor() {
        assertEquals(4f, SpecMath.absmeanInverse(1.0, 4));   // mean 0.25
        assertEquals(1e5f, SpecMath.absmeanInverse(0.0, 10), 1f);
    }

    @Test
    void int8CodesRoundTiesToEvenAndClamp() {
        float s = SpecMath.activationScale(2f);
        assertEquals(63.5f, s);
        assertEquals(127, SpecMath.int8(2f, s));
        assertEquals(-127, SpecMath.int8(-2f, s));
        assertEquals(-128, SpecMath.int8(-3f, s));
        assertEquals(2, SpecMath.int8(2.5f, 1f));
        assertEquals(4, SpecMath.int8(3.5f, 1f));
        assertEquals(127f / 1e-5f, SpecMath.activationScale(0f));
    }

    @Test
    void rmsInverseIsOneOverRootMeanSquare() {
        assertEquals(0.5f, SpecMath.rmsInverse(16f, 4, 0f));
        assertEquals((float) (1 / Math.sqrt((double) 1e-5f)), SpecMath.rmsInverse(0f, 8, 1e-5f));   // eps as the float it is
    }
}
