package dev.bitnet4j.kernels;

import jdk.incubator.vector.FloatVector;

/**
 * Sums of a vector's lanes in a fixed order. {@code reduceLanes(ADD)} on floats may add in one order
 * while interpreted and in another once C2 compiles it, so the same prompt would give logits that
 * differ in the last bits depending on JIT timing (and greedy decoding could differ on a near-tie).
 */
final class FloatLanes {
    private FloatLanes() {}

    /**
     * Σ lanes of v as a pairwise tree (lane i + lane i+n/2, then again on the first half, …): a fixed
     * order, and a dependency chain of log2(n) adds instead of n. {@code lanes} is scratch of v's length.
     */
    static float sum(FloatVector v, float[] lanes) {
        v.intoArray(lanes, 0);
        for (int half = lanes.length / 2; half > 0; half /= 2) {
            for (int i = 0; i < half; i++) lanes[i] += lanes[i + half];
        }
        return lanes[0];
    }
}
