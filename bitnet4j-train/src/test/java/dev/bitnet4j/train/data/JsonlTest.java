package dev.bitnet4j.train.data;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bitnet4j.BitNetException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The one JSONL reader behind corpora, chat data, preference pairs and tasks. */
class JsonlTest {
    @TempDir Path dir;

    @Test
    void readsEachNonBlankLineWithItsLineNumber() throws IOException {
        Path f = write("a.jsonl", "\uFEFF{\"x\": 1}\r\n\n   \n{\"x\": 2}\n{\"x\": 3}");   // BOM, CRLF, blanks, no final newline
        List<String> seen = new ArrayList<>();
        Jsonl.forEach(f, (node, where) -> seen.add(node.get("x").asInt() + "@" + where));
        assertEquals(List.of("1@" + f + ": line 1", "2@" + f + ": line 4", "3@" + f + ": line 5"), seen);
        assertEquals(List.of(1, 2, 3), Jsonl.read(f, "records", (node, where) -> node.get("x").asInt()));
    }

    @Test
    void errorsNameTheFileTheLineAndTheProblem() throws IOException {
        assertError(write("two.jsonl", "{\"x\": 1}\n{\"x\": 2} {\"x\": 3}\n"), "two.jsonl: line 2: not JSON");
        assertError(write("cut.jsonl", "{\"x\": 1}\n\n{\"x\": "), "cut.jsonl: line 3: not JSON");
        Path latin1 = dir.resolve("latin1.jsonl");
        Files.write(latin1, "{\"x\": 1}\n{\"x\": \"caf\u00e9\"}\n".getBytes(StandardCharsets.ISO_8859_1));
        assertError(latin1, "latin1.jsonl: line 2: not valid UTF-8");
        assertError(write("blank.jsonl", "\n  \n"), "blank.jsonl: no records");
        assertError(dir.resolve("missing.jsonl"), "missing.jsonl: file not found");
        assertError(dir, "is a folder");
    }

    @Test
    void describesValueKinds() throws IOException {
        List<String> kinds = Jsonl.read(write("k.jsonl", "[]\n{}\n\"s\"\n1\ntrue\nnull\n"), "records", (node, where) -> Jsonl.kind(node));
        assertEquals(List.of("an array", "an object", "a string", "a number", "a boolean", "null"), kinds);
    }

    private void assertError(Path file, String expected) {
        BitNetException e = assertThrows(BitNetException.class, () -> Jsonl.read(file, "records", (JsonNode node, String where) -> node));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }
}
