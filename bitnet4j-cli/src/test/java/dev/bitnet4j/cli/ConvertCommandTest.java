package dev.bitnet4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** convert between folders and GGUF files, and --model FILE.gguf in the commands that run a model. */
class ConvertCommandTest {
    @TempDir
    static Path dir;
    static Path folder;

    @BeforeAll
    static void setUp() throws IOException {
        folder = Cli.tokenizerModel(dir.resolve("model"));
    }

    static JsonNode generate(Path model) {
        Cli r = Cli.run("generate", "--model", model.toString(), "--prompt", "The capital of France is",
                "--max-tokens", "6", "--temperature", "0", "--json");
        assertEquals(0, r.exit(), r.err());
        return r.json();
    }

    @Test
    void ggufRunsLikeTheFolderWithTheTokenizerFromItsMetadata() {
        JsonNode expected = generate(folder);
        String text = "Hello <|eot_id|> world";
        String ids = Cli.run("tokenize", "--model", folder.toString(), "--text", text, "--json").out();
        Path gguf = dir.resolve("i2s.gguf");
        Cli c = Cli.run("convert", "--from", folder.toString(), "--to", "gguf-i2s", "--out", gguf.toString(), "--embedding-type", "bf16");
        assertEquals(0, c.exit(), c.err());
        JsonNode got = generate(gguf);
        assertEquals(expected.get("ids"), got.get("ids"));
        assertEquals(expected.get("text"), got.get("text"));
        assertEquals(ids, Cli.run("tokenize", "--model", gguf.toString(), "--text", text, "--json").out());
    }

    /** TQ blocks span 256 columns, so these run on the mini fixture (256 wide, no tokenizer). */
    @Test
    void everyGgufTypeGivesTheFoldersTokens() {
        Path mini = Cli.fixtureModel("mini-packed");
        JsonNode expected = generateIds(mini);
        for (String to : new String[]{"gguf-i2s", "gguf-tq1", "gguf-tq2"}) {
            Path gguf = dir.resolve("mini-" + to + ".gguf");
            Cli c = Cli.run("convert", "--from", mini.toString(), "--to", to, "--out", gguf.toString());
            assertEquals(0, c.exit(), c.err());
            assertEquals(expected, generateIds(gguf), to);
        }
    }

    static JsonNode generateIds(Path model) {
        return Cli.run("generate", "--model", model.toString(), "--prompt-ids", "1,5,9", "--max-tokens", "8",
                "--temperature", "0", "--json").json().get("ids");
    }

    @Test
    void ggufBackToAFolderKeepsTheTokenizerAndTheOutput() {
        Path gguf = dir.resolve("back.gguf"), back = dir.resolve("back");
        assertEquals(0, Cli.run("convert", "--from", folder.toString(), "--to", "gguf-i2s", "--out", gguf.toString(),
                "--embedding-type", "bf16").exit());
        Cli c = Cli.run("convert", "--from", gguf.toString(), "--to", "hf-packed", "--out", back.toString());
        assertEquals(0, c.exit(), c.err());
        assertTrue(Files.exists(back.resolve("tokenizer.json")));
        assertEquals(generate(folder).get("ids"), generate(back).get("ids"));
    }

    @Test
    void badRequestsGetOneClearError() throws IOException {
        Cli.run("convert", "--from", folder.toString(), "--to", "gguf-q4", "--out", dir.resolve("x.gguf").toString())
                .failsWith("--to must be one of");
        Cli.run("convert", "--from", dir.resolve("nope").toString(), "--to", "gguf-i2s", "--out", dir.resolve("y.gguf").toString())
                .failsWith("model not found");
        Path taken = Files.writeString(dir.resolve("taken.gguf"), "mine");
        Cli.run("convert", "--from", folder.toString(), "--to", "gguf-i2s", "--out", taken.toString()).failsWith("exists");
        assertEquals("mine", Files.readString(taken));
        Cli.run("convert", "--from", folder.toString(), "--to", "gguf-i2s", "--out", dir.toString()).failsWith("is a folder");
        Cli.run("convert", "--from", folder.toString(), "--to", "gguf-tq1", "--out", dir.resolve("t.gguf").toString())
                .failsWith("cannot write blk.0.attn_q.weight [64, 64] as TQ1_0");
        assertFalse(Files.exists(dir.resolve("t.gguf")));
        Cli.run("convert", "--from", folder.toString(), "--to", "gguf-i2s", "--out", dir.resolve("e.gguf").toString(),
                "--embedding-type", "q4").failsWith("--embedding-type must be");
        Path corrupt = Files.write(dir.resolve("corrupt.gguf"), new byte[]{'G', 'G', 'U', 'F', 3, 0, 0, 0, 1});
        Cli.run("generate", "--model", corrupt.toString(), "--prompt-ids", "1", "--max-tokens", "1").failsWith("corrupt.gguf");
        Cli.run("convert", "--from", corrupt.toString(), "--to", "hf-packed", "--out", dir.resolve("c").toString())
                .failsWith("corrupt.gguf");
    }
}
