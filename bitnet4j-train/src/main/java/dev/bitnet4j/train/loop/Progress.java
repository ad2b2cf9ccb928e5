package dev.bitnet4j.train.loop;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/**
 * The progress display: a plain line per report (no terminal control codes, so it reads the same in a log file
 * or a test): step, loss, the objective's other metrics (e.g. DPO's margin and accuracy), the held-out ones when
 * there are any, LR, gradient norm, and the throughput and time left
 * averaged over the steps since this process started (evaluations included), which a single step's time is too
 * noisy for.
 */
final class Progress {
    private final PrintWriter out;
    private final long steps, firstStep, tokensPerStep, everyNanos, start = System.nanoTime();
    private final List<String> metrics;
    private long lastPrint = start;

    Progress(PrintWriter out, long steps, long firstStep, long tokensPerStep, double everySeconds, List<String> metrics) {
        this.out = out;
        this.metrics = metrics;
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
        String val = r.val() == null ? "" : " | val " + metrics(metrics, r.val());
        out.printf(Locale.ROOT, "step %d/%d (%.0f%%) | %s%s | lr %.2e | grad norm %.3f | %,.0f tok/s | ETA %s%n",
                done, steps, 100.0 * done / steps, metrics(metrics, r.train()), val, r.lr(), r.gradNorm(), tokensPerStep / secondsPerStep,
                duration(Math.round(secondsPerStep * (steps - done))));
        out.flush();
    }

    /** "loss 2.3456" for one metric, "loss 0.6931 margin 0.0000 accuracy 0.0000" for several. */
    static String metrics(List<String> metrics, double[] values) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < values.length; i++) {
            if (i > 0) s.append(' ');
            s.append(metrics.get(i)).append(String.format(Locale.ROOT, " %.4f", values[i]));
        }
        return s.toString();
    }

    static String duration(long seconds) {
        return String.format(Locale.ROOT, "%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60);
    }
}
