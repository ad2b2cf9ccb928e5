package dev.bitnet4j.train.loop;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * The progress display: a plain line per report (no terminal control codes, so it reads the same in a log file
 * or a test): step, loss, validation loss when there is one, LR, gradient norm, and the throughput and time left
 * averaged over the steps since this process started (evaluations included), which a single step's time is too
 * noisy for.
 */
final class Progress {
    private final PrintWriter out;
    private final long steps, firstStep, tokensPerStep, everyNanos, start = System.nanoTime();
    private long lastPrint = start;

    Progress(PrintWriter out, long steps, long firstStep, long tokensPerStep, double everySeconds) {
        this.out = out;
        this.steps = steps;
        this.firstStep = firstStep;
        this.tokensPerStep = tokensPerStep;
        this.everyNanos = (long) (everySeconds * 1e9);
    }

    /** Prints after an evaluated step, the last step, and otherwise at most every {@code everySeconds}. */
    void report(StepResult r) {
        long now = System.nanoTime(), done = r.step() + 1;
        if (done < steps && Double.isNaN(r.valLoss()) && now - lastPrint < everyNanos) return;
        lastPrint = now;
        double seconds = (now - start) / 1e9, secondsPerStep = seconds / (done - firstStep);
        String val = Double.isNaN(r.valLoss()) ? "" : String.format(Locale.ROOT, " | val %.4f", r.valLoss());
        out.printf(Locale.ROOT, "step %d/%d (%.0f%%) | loss %.4f%s | lr %.2e | grad norm %.3f | %,.0f tok/s | ETA %s%n",
                done, steps, 100.0 * done / steps, r.trainLoss(), val, r.lr(), r.gradNorm(), tokensPerStep / secondsPerStep,
                duration(Math.round(secondsPerStep * (steps - done))));
        out.flush();
    }

    static String duration(long seconds) {
        return String.format(Locale.ROOT, "%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60);
    }
}
