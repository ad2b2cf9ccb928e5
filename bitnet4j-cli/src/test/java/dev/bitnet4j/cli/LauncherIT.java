package dev.bitnet4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bitnet4j.format.Json;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/** The ./bitnet4j launcher at the repository root, run as a user runs it (after `package`). */
class LauncherIT {
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    record Result(int exit, String out, String err) {}

    static Result launch(Map<String, String> env, String... args) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder();
        pb.command().add(ROOT.resolve("bitnet4j").toString());
        pb.command().addAll(List.of(args));
        pb.directory(ROOT.toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        var out = p.getInputStream().readAllBytes();
        var err = p.getErrorStream().readAllBytes();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }

    @Test
    void readmeCommandGeneratesFromTheShippedModel() throws Exception {
        JsonNode ref = Json.read(ROOT.resolve("bitnet4j-core/src/test/resources/fixtures/models/mini-packed/reference.json"));
        Result r = launch(Map.of(), "generate", "--model", "models/mini-packed",
                "--prompt-ids", "1,5,9,200,17,3,42,99,100,7,11,13,250,4,8,16", "--max-tokens", "16", "--temperature", "0", "--json");
        assertEquals(0, r.exit(), r.err());
        assertEquals(ref.get("greedy_continuation"), Json.parse(r.out().getBytes(StandardCharsets.UTF_8), "stdout").get("ids"));
    }

    @Test
    void findsAJdk25EvenWhenJavaHomePointsElsewhere() throws Exception {
        Result r = launch(Map.of("JAVA_HOME", "/nonexistent"), "--version");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().startsWith("bitnet4j "), r.out());
    }

    @Test
    void saysWhatToInstallWhenNoJdk25IsFound(@org.junit.jupiter.api.io.TempDir Path bin) throws Exception {
        // A PATH with only the tools the script uses, and no java at all.
        for (String tool : new String[]{"sh", "dirname", "sed", "head", "readlink", "cat"}) {
            java.nio.file.Files.createSymbolicLink(bin.resolve(tool), Path.of("/bin").resolve(tool).toRealPath());
        }
        Result r = launch(Map.of("JAVA_HOME", "/nonexistent", "PATH", bin.toString(),
                "BITNET4J_JDK_DIRS", "/nonexistent-jdk"), "--version");
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("bitnet4j needs a JDK 25 or newer"), r.err());
        assertTrue(r.err().contains("Temurin"), r.err());
    }

    @Test
    void errorsAreOneLineWithoutStackTrace() throws Exception {
        Result r = launch(Map.of(), "generate", "--model", "/nonexistent", "--prompt-ids", "1");
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("error: /nonexistent: model not found"), r.err());
        assertFalse(r.err().contains("\tat "), r.err());
    }
}
