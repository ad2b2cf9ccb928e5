package dev.bitnet4j.cli;

import dev.bitnet4j.train.loop.ProgressDisplay;
import dev.bitnet4j.train.loop.StepResult;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarStyle;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * The training progress bar on a terminal (me.tongfei:progressbar redraws one line in place): steps done, time
 * elapsed and ETA from the library, and after them the last loss, the last held-out metrics and tokens/s
 * averaged since this process started.
 */
final class TerminalProgress implements ProgressDisplay {
    private final ProgressBar bar;
    private final Run run;
    private final long start = System.nanoTime();
    private String val = "";

    TerminalProgress(Run run, ProgressBarConsumer consumer) {
        this.run = run;
        this.bar = new ProgressBarBuilder().setTaskName("train").setInitialMax(run.steps()).setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(250).setConsumer(consumer).startsFrom(run.firstStep(), Duration.ZERO).build();
    }

    /** A bar on standard error, where the CLI's progress goes. */
    static TerminalProgress onStandardError(Run run) {
        return new TerminalProgress(run, new ConsoleProgressBarConsumer(System.err));
    }

    /**
     * Whether standard error, where the bar goes, is a terminal it can redraw (not a pipe or a file, even when
     * standard output is a terminal: {@code train ... 2> train.log} gets lines). On Linux, from where fd 2 points;
     * elsewhere {@link java.io.Console#isTerminal}, which looks at standard input and output.
     */
    static boolean available() {
        String term = System.getenv("TERM");
        if (term == null || term.equals("dumb")) return false;
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (IOException | UnsupportedOperationException e) {
            java.io.Console c = System.console();
            return c != null && c.isTerminal();
        }
    }

    @Override
    public void report(StepResult r) {
        long done = r.step() + 1;
        double seconds = (System.nanoTime() - start) / 1e9;
        if (r.val() != null) val = " | val " + ProgressDisplay.metrics(run.metrics(), r.val());
        bar.setExtraMessage(String.format(Locale.ROOT, "%s%s | %,.0f tok/s", ProgressDisplay.metrics(run.metrics(), r.train()), val,
                run.tokensPerStep() * (done - run.firstStep()) / Math.max(seconds, 1e-9)));
        bar.stepTo(done);
    }

    @Override
    public void close() {
        bar.close();
    }
}
