package dev.bitnet4j.cli;

import dev.bitnet4j.train.loop.ProgressDisplay;
import dev.bitnet4j.train.loop.StepResult;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.*;

/** The terminal bar shows the steps done, the loss, the held-out metrics and the throughput. */
class TerminalProgressTest {
    @Test
    void showsStepsLossValidationAndThroughput() {
        List<String> frames = new CopyOnWriteArrayList<>();
        ProgressDisplay.Run run = new ProgressDisplay.Run(10, 4, 1000, List.of("loss", "margin"));
        try (TerminalProgress bar = new TerminalProgress(run, new DelegatingProgressBarConsumer(frames::add, 200))) {
            for (long step = 4; step < 10; step++) {
                StepResult r = new StepResult(step, 1e-3, 0, new double[]{2.5 - step * 0.1, 0.25}, 1.0,
                        step == 6 ? new double[]{2.0, 0.5} : null);
                bar.report(r);
            }
        }
        String last = frames.getLast();
        assertTrue(last.contains("100%") && last.contains("10/10"), last);
        assertTrue(last.contains("loss 1.6000 margin 0.2500 | val loss 2.0000 margin 0.5000 | "), last);
        assertTrue(last.contains(" tok/s"), last);
    }
}
