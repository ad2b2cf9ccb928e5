package dev.bitnet4j.kernels;

import jdk.incubator.vector.FloatVector;

/**
 * Sums of a vector's lanes in a fixed order. {@code reduceLanes(ADD)} on floats may add in one order
 * while interpreted and in another once C2 compiles it, so the same prompt would give logits that
 * differ in the last bits depending on JIT timing (and greedy decoding could differ on a near-tie).
 */
final class FloatLanes {
    private FloatLanes() {}

    /** Σ lanes of v, left to right; {@code lanes} is scratch of v's length. */
    static float sum(FloatVector v, float[] lanes) {
        v.intoArray(lanes, 0);
        float s = 0;
        for (float l : lanes) s += l;
        return s;
    }
}
