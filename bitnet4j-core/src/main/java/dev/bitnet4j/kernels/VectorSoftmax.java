package dev.bitnet4j.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The vector twin of {@link ScalarKernels#exponentiate(float[], int)}: the softmax's numerators and
 * their sum. Its exp is a polynomial built from exactly rounded operations only, not
 * {@code lanewise(EXP)}: that one is Math.exp while interpreted but a different library (SVML) once C2
 * compiles it, differing in the last bit on about 1% of inputs, so attention would depend on JIT timing.
 */
final class VectorSoftmax {
    private VectorSoftmax() {}

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;

    /** scores[p] = exp(scores[p] − max) in place; returns their sum. {@code lanes} is scratch of F's length. */
    static float exponentiate(float[] scores, int length, float[] lanes) {
        int bound = F.loopBound(length), p = 0;
        // max is exact in any order (Math.max semantics per lane), so reduceLanes is safe here
        FloatVector maxes = FloatVector.broadcast(F, Float.NEGATIVE_INFINITY);
        for (; p < bound; p += F.length()) maxes = maxes.max(FloatVector.fromArray(F, scores, p));
        float max = maxes.reduceLanes(VectorOperators.MAX);
        for (; p < length; p++) max = Math.max(max, scores[p]);
        FloatVector partial = FloatVector.zero(F);
        for (p = 0; p < bound; p += F.length()) {
            FloatVector e = exp(FloatVector.fromArray(F, scores, p).sub(max));
            e.intoArray(scores, p);
            partial = partial.add(e);
        }
        return FloatLanes.sum(partial, lanes) + ScalarKernels.exponentiate(scores, bound, length, max);
    }

    private static final float LOG2E = 1.44269504088896341f;
    /** ln 2 split in two (Cody–Waite): n · LN2_HI is exact for the n that occur, so x − n·ln2 loses nothing. */
    private static final float LN2_HI = 0.693359375f, LN2_LO = -2.12194440e-4f;
    /** Keeps n ≥ -127, so 2^n is a normal float or (n = -127) zero; e^x there is below 2^-126 and may flush to 0. */
    private static final float LOWEST = -88f;

    /**
     * e^x for x ≤ 0 (softmax inputs after subtracting the max), within about 2 ulp of Math.exp (Cephes
     * expf): e^x = 2^n · e^r with n = rint(x · log2 e), |r| ≤ ln2/2, e^r by a degree-7 polynomial.
     * Plain mul/add (no fma), each exactly rounded, so every lane gets the same bits in every JIT mode.
     */
    static FloatVector exp(FloatVector x) {
        x = x.max(LOWEST);
        FloatVector n = x.mul(LOG2E).add(VectorKernels.RINT_MAGIC).sub(VectorKernels.RINT_MAGIC);
        FloatVector r = x.sub(n.mul(LN2_HI)).sub(n.mul(LN2_LO));
        FloatVector p = r.mul(1.9875691500e-4f).add(1.3981999507e-3f)
                .mul(r).add(8.3334519073e-3f)
                .mul(r).add(4.1665795894e-2f)
                .mul(r).add(1.6666665459e-1f)
                .mul(r).add(5.0000001201e-1f);
        FloatVector er = p.mul(r.mul(r)).add(r).add(1f);
        // 2^n built from its bits: biased exponent n + 127 in bits 23..30 (n = -127 gives +0)
        IntVector biased = ((IntVector) n.convert(VectorOperators.F2I, 0)).add(127);
        return er.mul(biased.lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats());
    }
}
