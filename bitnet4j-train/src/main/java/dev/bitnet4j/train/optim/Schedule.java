package dev.bitnet4j.train.optim;

/**
 * The learning-rate and weight-decay schedule of training.md (BitNet b1.58 2B4T §3), for steps 0 .. steps−1:
 * <ul>
 *   <li>warmup, steps [0, warmup): LR rises linearly, {@code peak1·(s+1)/warmup}, reaching peak1 at step warmup−1;</li>
 *   <li>stage 1, [warmup, cooldownStart): a cosine from peak1 that would reach peak2 at the last step, so it is
 *       still well above peak2 where it is cut ("decaying towards the midpoint");</li>
 *   <li>stage 2 ("cooldown"), [cooldownStart, steps): an abrupt drop to peak2, then a cosine down to minLr at the
 *       last step.</li>
 * </ul>
 * Weight decay: {@code wdPeak} at step 0 along a half cosine to 0 at cooldownStart (its peak is in stage 1), and
 * 0 throughout stage 2.
 */
public record Schedule(long steps, long warmup, long cooldownStart, double peak1, double peak2, double minLr, double wdPeak) {

    public Schedule {
        if (steps < 1) throw new IllegalArgumentException("steps must be positive, found " + steps);
        if (warmup < 0 || warmup > cooldownStart) {
            throw new IllegalArgumentException("warmup " + warmup + " must be between 0 and the cooldown start " + cooldownStart);
        }
        if (cooldownStart > steps) throw new IllegalArgumentException("cooldown start " + cooldownStart + " is past the last step " + steps);
        if (!(peak1 >= 0 && peak2 >= 0 && minLr >= 0 && wdPeak >= 0)) {
            throw new IllegalArgumentException("learning rates and weight decay must be non-negative");
        }
    }

    /** The default cooldown start: half the steps. */
    public static long halfway(long steps) {
        return steps / 2;
    }

    public double learningRate(long step) {
        if (step < warmup) return peak1 * (step + 1) / warmup;
        if (step < cooldownStart) return cosine(peak1, peak2, step - warmup, steps - 1 - warmup);
        return cosine(peak2, minLr, step - cooldownStart, steps - 1 - cooldownStart);
    }

    public double weightDecay(long step) {
        return step < cooldownStart ? cosine(wdPeak, 0, step, cooldownStart) : 0;
    }

    /** From {@code from} at i = 0 to {@code to} at i = n along a half cosine; {@code from} when n is 0. */
    private static double cosine(double from, double to, long i, long n) {
        if (n <= 0) return from;
        return to + (from - to) * 0.5 * (1 + Math.cos(Math.PI * i / n));
    }
}
