package dev.bitnet4j.cli.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The machine and JVM a benchmark ran on, for the header of its results. */
public final class Machine {
    private Machine() {}

    /** "AMD EPYC, 2 cores", from /proc/cpuinfo's "model name" (Linux) and the cores this JVM may use. */
    public static String describe() {
        return cpuName() + ", " + Runtime.getRuntime().availableProcessors() + " cores";
    }

    public static String java() {
        return "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")";
    }

    private static String cpuName() {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/cpuinfo"));
            for (String line : lines) {
                if (line.startsWith("model name")) return line.substring(line.indexOf(':') + 1).strip();
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or not readable: fall through
        }
        return System.getProperty("os.arch") + " CPU";
    }
}
