package dev.bitnet4j.train.loop;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * The plain-line progress display (no terminal control codes, so it reads the same in a log file or a test):
 * step, loss, the objective's other metrics (e.g. DPO's margin and accuracy), the held-out ones when there are
 * any, LR, gradient norm, and the throughput and time left averaged over the steps since this process started
 * (evaluations included), which a single step's time is too noisy for.
 */
final class Progress implements ProgressDisplay {
    private final PrintWriter out;
    private final Run run;
    private final long everyNanos, start = System.nanoTime();
    private long lastPrint = start;

    Progress(PrintWriter out, Run run, double everySeconds) {
        this.out = out;
        this.run = run;
        this.everyNanos = (long) (everySeconds * 1e9);
    }

    /** Prints after an evaluated step, the last step, and otherwise at most every {@code everySeconds}. */
    @Override
    public void report(StepResult r) {
        long now = System.nanoTime(), done = r.step() + 1, steps = run.steps();
        if (done < steps && r.val() == null && now - lastPrint < everyNanos) return;
        lastPrint = now;
        double seconds = (now - start) / 1e9, secondsPerStep = seconds / (done - run.firstStep());
        String val = r.val() == null ? "" : " | val " + ProgressDisplay.metrics(run.metrics(), r.val());
        out.printf(Locale.ROOT, "step %d/%d (%.0f%%) | %s%s | lr %.2e | grad norm %.3f | %,.0f tok/s | ETA %s%n",
                done, steps, 100.0 * done / steps, ProgressDisplay.metrics(run.metrics(), r.train()), val, r.lr(), r.gradNorm(),
                run.tokensPerStep() / secondsPerStep, duration(Math.round(secondsPerStep * (steps - done))));
        out.flush();
    }

    static String duration(long seconds) {
        return String.format(Locale.ROOT, "%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60);
    }
}
