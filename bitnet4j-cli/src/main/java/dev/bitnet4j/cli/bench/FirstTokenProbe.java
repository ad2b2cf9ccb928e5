package dev.bitnet4j.cli.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bitnet4j.BitNetException;
import dev.bitnet4j.format.Json;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Time to first token from a cold start: a fresh JVM runs {@code generate --prompt-ids 1,2,3 --max-tokens 1}
 * and exits, and the wall time from starting the process to its exit is the figure (JVM start, class
 * loading, model load, a 3-token prompt, one token). The child is this very JVM (java.home), class path
 * and main class, with this JVM's flags, so it measures what a user's ./bitnet4j would do.
 */
public final class FirstTokenProbe {
    static final String MAIN = "dev.bitnet4j.cli.Main";
    private static final Path DROP_CACHES = Path.of("/proc/sys/vm/drop_caches");
    private static final long TIMEOUT_MINUTES = 10;

    /** Wall time from process start to exit, the child's own load and prompt timings, and whether the page cache was dropped first. */
    public record Result(double ms, double loadMs, double promptMs, boolean cold) {
        public String label() {
            return cold ? "process start → first token, page cache dropped" : "process start → first token, page cache warm";
        }
    }

    private FirstTokenProbe() {}

    /** True when this process may drop the page cache (root on Linux). */
    public static boolean canDropCaches() {
        return Files.isWritable(DROP_CACHES);
    }

    public static Result measure(Path model, boolean cold) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmFlags());
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), MAIN, "generate", "--model", model.toString(),
                "--prompt-ids", "1,2,3", "--max-tokens", "1", "--temperature", "0", "--json"));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        try {
            if (cold) dropCaches();
            long t0 = System.nanoTime();
            Process p = pb.start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();   // ends when the child exits
            if (!p.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new BitNetException("time to first token: the child process did not finish in " + TIMEOUT_MINUTES + " minutes");
            }
            double ms = (System.nanoTime() - t0) / 1e6;
            String text = new String(out, StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                throw new BitNetException("time to first token: the child process failed (exit " + p.exitValue() + "): "
                        + lastLine(text) + "; pass --no-ttft to skip this measurement");
            }
            JsonNode timings = Json.parse(jsonLine(text).getBytes(StandardCharsets.UTF_8), "the child's output").path("timings");
            return new Result(ms, timings.path("load_ms").asDouble(), timings.path("prompt_ms").asDouble(), cold);
        } catch (IOException e) {
            throw new BitNetException("time to first token: cannot run " + cmd.getFirst() + " (" + e.getMessage() + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BitNetException("time to first token: interrupted", e);
        }
    }

    /** This JVM's flags, less debugger and agent options (a second debugger on the same port would not start). */
    static List<String> jvmFlags() {
        List<String> flags = new ArrayList<>();
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (a.startsWith("-agentlib:") || a.startsWith("-agentpath:") || a.startsWith("-javaagent:")
                    || a.startsWith("-Xrunjdwp") || a.equals("-Xdebug")) continue;
            flags.add(a);
        }
        // The engine's flags, in case this JVM was started without the launcher (they are harmless twice).
        flags.addAll(List.of("--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"));
        return flags;
    }

    private static void dropCaches() throws IOException, InterruptedException {
        // Dirty pages survive drop_caches, and a model written moments ago is still dirty: sync first.
        new ProcessBuilder("sync").inheritIO().start().waitFor();
        Files.writeString(DROP_CACHES, "3");
    }

    /** The line of the child's output holding the JSON object (the JVM may print warnings around it). */
    private static String jsonLine(String text) {
        for (String line : text.lines().toList()) if (line.startsWith("{")) return line;
        throw new BitNetException("time to first token: the child printed no JSON: " + lastLine(text));
    }

    private static String lastLine(String text) {
        List<String> lines = text.strip().lines().toList();
        return lines.isEmpty() ? "(no output)" : lines.getLast();
    }
}
