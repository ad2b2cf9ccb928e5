package dev.bitnet4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bitnet4j.format.Json;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** Runs the CLI in-process and captures what it prints. */
record Cli(int exit, String out, String err) {

    /** The conformance fixtures live in the core module's test resources (in the repo, so a fresh clone has them). */
    static final Path FIXTURES = Path.of("../bitnet4j-core/src/test/resources/fixtures");

    static Path fixtureModel(String name) {
        return FIXTURES.resolve("models").resolve(name);
    }

    static Cli run(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Cli(code, out.toString(), err.toString());
    }

    JsonNode json() {
        assertEquals(0, exit, "exit code; stderr: " + err);
        return Json.parse(out.getBytes(StandardCharsets.UTF_8), "stdout");
    }

    /** A failure: non-zero exit, one "error:" line naming the problem, never a stack trace. */
    Cli failsWith(String problem) {
        assertNotEquals(0, exit, "expected failure; stdout: " + out);
        assertTrue(err.contains(problem), "expected '" + problem + "' in stderr: " + err);
        assertFalse(err.contains("\tat ") || err.contains("Exception"), "no stack trace: " + err);
        return this;
    }

    static Path copyModel(String fixture, Path into) throws IOException {
        Files.createDirectories(into);
        try (var files = Files.list(fixtureModel(fixture))) {
            for (Path f : files.toList()) Files.copy(f, into.resolve(f.getFileName()));
        }
        return into;
    }
}
