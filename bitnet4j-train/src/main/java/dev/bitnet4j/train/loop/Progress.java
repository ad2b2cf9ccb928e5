package dev.bitnet4j.train.loop;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * The progress display: a plain line per report (no terminal control codes, so it reads the same in a log file
 * or a test): step, loss, validation loss when there is one, LR, throughput and the time left.
 */
final class Progress {
    private final PrintWriter out;
    private final long steps;
    private final long everyNanos;
    private long lastPrint = System.nanoTime();

    Progress(PrintWriter out, long steps, double everySeconds) {
        this.out = out;
        this.steps = steps;
        this.everyNanos = (long) (everySeconds * 1e9);
    }

    /** Prints after an evaluated step, the last step, and otherwise at most every {@code everySeconds}. */
    void report(StepResult r, double tokensPerSecond, double secondsPerStep) {
        long now = System.nanoTime();
        boolean last = r.step() + 1 == steps;
        if (!last && Double.isNaN(r.valLoss()) && now - lastPrint < everyNanos) return;
        lastPrint = now;
        String val = Double.isNaN(r.valLoss()) ? "" : String.format(Locale.ROOT, " | val %.4f", r.valLoss());
        out.printf(Locale.ROOT, "step %d/%d (%.0f%%) | loss %.4f%s | lr %.2e | grad norm %.3f | %,.0f tok/s | ETA %s%n",
                r.step() + 1, steps, 100.0 * (r.step() + 1) / steps, r.trainLoss(), val, r.lr(), r.gradNorm(), tokensPerSecond,
                duration((long) (secondsPerStep * (steps - r.step() - 1))));
        out.flush();
    }

    static String duration(long seconds) {
        return String.format(Locale.ROOT, "%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60);
    }
}
