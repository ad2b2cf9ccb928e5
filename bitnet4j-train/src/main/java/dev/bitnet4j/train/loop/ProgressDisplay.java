package dev.bitnet4j.train.loop;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/**
 * Where a {@link TrainingRun} shows its progress step by step: plain lines ({@link #lines}, for logs and pipes) or
 * a terminal progress bar (the CLI's). Closed when the steps are done.
 */
public interface ProgressDisplay extends AutoCloseable {
    /** What a display needs to know about the run: its steps, the first it takes, tokens per step, the metric names. */
    record Run(long steps, long firstStep, long tokensPerStep, List<String> metrics) {}

    /** Called after every step, with its held-out metrics when it has them. */
    void report(StepResult r);

    @Override
    default void close() {}

    /** A line per report at most every 5 seconds (and after evaluated and last steps), on {@code out}. */
    static ProgressDisplay lines(Run run, PrintWriter out) {
        return new Progress(out, run, 5);
    }

    /** "loss 2.3456" for one metric, "loss 0.6931 margin 0.0000 accuracy 0.0000" for several. */
    static String metrics(List<String> names, double[] values) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < values.length; i++) {
            if (i > 0) s.append(' ');
            s.append(names.get(i)).append(String.format(Locale.ROOT, " %.4f", values[i]));
        }
        return s.toString();
    }
}
