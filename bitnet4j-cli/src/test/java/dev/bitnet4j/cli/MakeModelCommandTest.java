package dev.bitnet4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bitnet4j.format.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

class MakeModelCommandTest {
    @TempDir
    Path dir;

    @Test
    void bothLayoutsOfOneSeedGenerateTheSameTokens() {
        for (String layout : new String[]{"packed", "bf16"}) {
            Cli r = Cli.run("make-model", "--shape", "128,256,2,4,2,300", "--seed", "5", "--layout", layout,
                    "--out", dir.resolve(layout).toString());
            assertEquals(0, r.exit(), r.err());
        }
        JsonNode config = Json.read(dir.resolve("packed/config.json"));
        assertEquals(128, config.get("hidden_size").asInt());
        assertEquals(300, config.get("vocab_size").asInt());
        JsonNode a = generate(dir.resolve("packed")), b = generate(dir.resolve("bf16"));
        assertEquals(8, a.get("ids").size());
        assertEquals(a.get("ids"), b.get("ids"));
    }

    private static JsonNode generate(Path model) {
        return Cli.run("generate", "--model", model.toString(), "--prompt-ids", "1,2,3", "--max-tokens", "8",
                "--temperature", "0", "--json").json();
    }

    @Test
    void refusesToOverwriteAndRejectsBadShapes() throws IOException {
        Path keep = Files.createDirectories(dir.resolve("mine"));
        Files.writeString(keep.resolve("notes.txt"), "my data");
        Cli.run("make-model", "--shape", "tiny", "--out", keep.toString()).failsWith("not empty");
        assertEquals("my data", Files.readString(keep.resolve("notes.txt")));
        Cli.run("make-model", "--shape", "64,160,2,3,1,512", "--out", dir.resolve("x").toString()).failsWith("error:");
        Cli.run("make-model", "--shape", "huge", "--out", dir.resolve("y").toString()).failsWith("error:");
        Cli.run("make-model", "--shape", "tiny", "--layout", "q4", "--out", dir.resolve("z").toString())
                .failsWith("--layout must be packed or bf16");
    }
}
