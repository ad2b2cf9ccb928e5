package dev.bitnet4j.train.nn;

import java.util.Random;
import java.util.function.DoubleSupplier;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Central finite differences in float32 with one Richardson step: D(h) = (L(x+h) − L(x−h)) / 2h, numeric =
 * (4·D(h/2) − D(h)) / 3, whose truncation error is O(h⁴) instead of O(h²); L is computed in double from the
 * layer's float output. The comparison is over the whole checked vector, ‖numeric − analytic‖ / ‖numeric‖ ≤ tol:
 * truncation and the float rounding of L (about 1e-7·|L|/h per element) stay well below a tol of 1e-3 at
 * h = 1e-2 on these O(1) shapes, while a wrong or missing term of a backward pass gives errors of 1e-2 and
 * more (tried by planting bugs: a 2% error in one term of the attention softmax backward fails).
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

    /**
     * Checks every element of x (or {@code samples} of them, spread evenly, when x is longer) at two step sizes
     * and keeps the better: where the loss is sharply curved (a near-saturated softmax) the truncation error of
     * h = 1e-2 is the larger, where gradients are small the rounding error of h = 2e-3 is; a wrong backward
     * pass is wrong at every step size.
     */
    static double check(String what, float[] x, float[] analytic, DoubleSupplier loss, int samples) {
        double rel = Math.min(relativeError(x, analytic, loss, samples, EPS), relativeError(x, analytic, loss, samples, EPS / 5));
        assertTrue(rel <= TOL, what + ": relative error " + rel + " > " + TOL);
        return rel;
    }

    private static double relativeError(float[] x, float[] analytic, DoubleSupplier loss, int samples, double h) {
        int n = x.length, step = Math.max(1, n / samples);
        double diff = 0, norm = 0;
        for (int i = 0; i < n; i += step) {
            double numeric = (4 * difference(x, i, h / 2, loss) - difference(x, i, h, loss)) / 3;
            diff += (numeric - analytic[i]) * (numeric - analytic[i]);
            norm += numeric * numeric;
        }
        assertTrue(norm > 0, "the numeric gradient is zero, so the check proves nothing");
        return Math.sqrt(diff / norm);
    }

    /** (L(x+h) − L(x−h)) / (the step actually taken, after rounding x ± h to float). */
    private static double difference(float[] x, int i, double h, DoubleSupplier loss) {
        float keep = x[i], up = (float) (keep + h), down = (float) (keep - h);
        x[i] = up;
        double plus = loss.getAsDouble();
        x[i] = down;
        double minus = loss.getAsDouble();
        x[i] = keep;
        return (plus - minus) / ((double) up - down);
    }

    static double check(String what, float[] x, float[] analytic, DoubleSupplier loss) {
        return check(what, x, analytic, loss, Integer.MAX_VALUE);
    }
}
