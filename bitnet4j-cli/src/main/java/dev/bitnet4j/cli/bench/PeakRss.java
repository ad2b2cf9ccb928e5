package dev.bitnet4j.cli.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * This process's peak resident set size (VmHWM in /proc/self/status; Linux only), kept apart from the
 * read-bandwidth probe's 1 GiB buffer: {@link #pause()} before the probe records the peak so far, and
 * {@link #resume()} after it resets the kernel's high-water mark (writing 5 to /proc/self/clear_refs),
 * so the reported figure is what the model and the benchmarks needed.
 */
public final class PeakRss {
    private static final Path STATUS = Path.of("/proc/self/status");
    private static final Path CLEAR_REFS = Path.of("/proc/self/clear_refs");

    private long peakKib;
    private boolean available = Files.isReadable(STATUS);
    private boolean includesProbe;

    /** Records the peak so far, before something whose memory should not count. */
    public void pause() {
        sample();
    }

    /** Resets the high-water mark; where the kernel refuses, the probe's memory stays in the figure (and says so). */
    public void resume() {
        try {
            Files.writeString(CLEAR_REFS, "5");
        } catch (IOException | UnsupportedOperationException e) {
            includesProbe = true;
        }
    }

    /** The peak in MiB, or empty off Linux. */
    public OptionalLong peakMib() {
        sample();
        return available ? OptionalLong.of(peakKib / 1024) : OptionalLong.empty();
    }

    /** True when the peak may include the bandwidth probe's buffer (the high-water mark could not be reset). */
    public boolean includesProbe() {
        return includesProbe;
    }

    private void sample() {
        if (!available) return;
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith("VmHWM:")) {
                    peakKib = Math.max(peakKib, Long.parseLong(line.replaceAll("[^0-9]", "")));
                    return;
                }
            }
            available = false;
        } catch (IOException | NumberFormatException e) {
            available = false;
        }
    }
}
