package dev.bitnet4j.train.nn;

import java.util.Random;
import java.util.function.DoubleSupplier;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Central finite differences in float32: for each checked element, (L(x+ε) − L(x−ε)) / 2ε with L computed in
 * double from the layer's float output. The comparison is over the whole checked vector,
 * ‖numeric − analytic‖ / ‖numeric‖ ≤ tol: truncation (O(ε²)) and float rounding of L (about 1e-7·|L|/ε per
 * element) stay far below a tol of 1e-3 at ε = 1e-2 on these O(1) shapes, while a wrong or missing term
 * of a backward pass gives an error of order 1 (tried by planting bugs).
 */
final class GradCheck {
    static final double EPS = 1e-2, TOL = 1e-3;

    private GradCheck() {}

    static float[] random(Random r, int n, double std) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float) (r.nextGaussian() * std);
        return x;
    }

    /** L = Σ out·weights in double: a loss whose gradient with respect to out is {@code weights}. */
    static double dot(float[] out, float[] weights) {
        double s = 0;
        for (int i = 0; i < weights.length; i++) s += (double) out[i] * weights[i];
        return s;
    }

    /** Checks every element of x (or {@code samples} of them, spread evenly, when x is longer). */
    static double check(String what, float[] x, float[] analytic, DoubleSupplier loss, int samples) {
        int n = x.length, step = Math.max(1, n / samples);
        double diff = 0, norm = 0;
        for (int i = 0; i < n; i += step) {
            float keep = x[i];
            x[i] = (float) (keep + EPS);
            double plus = loss.getAsDouble();
            x[i] = (float) (keep - EPS);
            double minus = loss.getAsDouble();
            x[i] = keep;
            double h = ((double) (float) (keep + EPS) - (float) (keep - EPS));   // the step actually taken
            double numeric = (plus - minus) / h;
            diff += (numeric - analytic[i]) * (numeric - analytic[i]);
            norm += numeric * numeric;
        }
        double rel = Math.sqrt(diff / norm);
        assertTrue(norm > 0, what + ": the numeric gradient is zero, so the check proves nothing");
        assertTrue(rel <= TOL, what + ": relative error " + rel + " > " + TOL);
        return rel;
    }

    static double check(String what, float[] x, float[] analytic, DoubleSupplier loss) {
        return check(what, x, analytic, loss, Integer.MAX_VALUE);
    }
}
