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

    /** A 1-layer random model with the full Llama 3 vocabulary and the real tokenizer files. */
    static Path tokenizerModel(Path into) throws IOException {
        dev.bitnet4j.model.RandomModel.write(new dev.bitnet4j.model.ModelShape(64, 128, 1, 4, 2, 128256), 11,
                dev.bitnet4j.model.RandomModel.Layout.PACKED, into, false);
        for (String f : new String[]{"tokenizer.json", "tokenizer_config.json"}) {
            Files.copy(FIXTURES.resolve("tokenizer").resolve(f), into.resolve(f));
        }
        return into;
    }

    /** Runs with the given text as standard input. */
    static Cli runWithInput(String stdin, String... args) {
        java.io.InputStream old = System.in;
        System.setIn(new java.io.ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
        try {
            return run(args);
        } finally {
            System.setIn(old);
        }
    }

    static Path copyModel(String fixture, Path into) throws IOException {
        Files.createDirectories(into);
        try (var files = Files.list(fixtureModel(fixture))) {
            for (Path f : files.toList()) Files.copy(f, into.resolve(f.getFileName()));
        }
        return into;
    }
}
