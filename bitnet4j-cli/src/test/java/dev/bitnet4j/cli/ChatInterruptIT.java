package dev.bitnet4j.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/** Ctrl-C (SIGINT) during a reply stops that reply and keeps the chat program running. */
class ChatInterruptIT {

    @Test
    void ctrlCStopsTheReplyAndTheChatGoesOn(@TempDir Path dir) throws Exception {
        Path model = Cli.tokenizerModel(dir.resolve("m"));
        ProcessBuilder pb = new ProcessBuilder(LauncherIT.ROOT.resolve("bitnet4j").toString(), "chat",
                "--model", model.toString(), "--temperature", "0", "-n", "100000", "-c", "4096");
        Process p = pb.start();
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        Thread o = pump(p.getInputStream(), out), e = pump(p.getErrorStream(), err);
        OutputStream in = p.getOutputStream();
        try {
            in.write("Tell me a long story\n".getBytes(StandardCharsets.UTF_8));
            in.flush();
            waitFor(() -> out.size() > 20, "the reply to start streaming", out, err);
            new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
            waitFor(() -> err.toString(StandardCharsets.UTF_8).contains("(reply stopped)"), "the reply to stop", out, err);
            assertTrue(p.isAlive(), "the program keeps running; stderr: " + err);
            int before = out.size();
            in.write("/reset\n/exit\n".getBytes(StandardCharsets.UTF_8));
            in.flush();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            o.join();
            e.join();
            assertEquals(0, p.exitValue(), err.toString(StandardCharsets.UTF_8));
            byte[] all = out.toByteArray();
            String after = new String(all, before, all.length - before, StandardCharsets.UTF_8);
            assertTrue(after.contains("(conversation cleared)"), "after the stop: [" + after + "] stderr: " + err);
        } finally {
            p.destroyForcibly();
        }
    }

    static Thread pump(InputStream from, ByteArrayOutputStream to) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[4096];
            try {
                for (int n; (n = from.read(buf)) > 0; ) {
                    synchronized (to) {
                        to.write(buf, 0, n);
                    }
                }
            } catch (java.io.IOException ignored) {
                // the process ended
            }
        });
        t.start();
        return t;
    }

    static void waitFor(java.util.function.BooleanSupplier condition, String what, ByteArrayOutputStream out,
                        ByteArrayOutputStream err) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out waiting for " + what + "; stdout: " + out + "; stderr: " + err);
            }
            Thread.sleep(20);
        }
    }
}
