package dev.bitnet4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bitnet4j.format.Json;
import dev.bitnet4j.tokenizer.Tokenizer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.*;

/** tokenize, detokenize, generate --prompt and chat, on a random model with the real tokenizer. */
class TextCommandsTest {
    @TempDir
    static Path dir;
    static Path model, tokenizerOnly;
    static Tokenizer tok;

    @BeforeAll
    static void setUp() throws IOException {
        model = Cli.tokenizerModel(dir.resolve("model"));
        tokenizerOnly = Files.createDirectories(dir.resolve("tok"));
        Files.copy(model.resolve("tokenizer.json"), tokenizerOnly.resolve("tokenizer.json"));
        tok = Tokenizer.find(model).orElseThrow();
    }

    static int[] ints(JsonNode array) {
        return Json.MAPPER.convertValue(array, int[].class);
    }

    @Test
    void tokenizeMatchesHuggingFaceAndHonoursBosAndNoSpecial() {
        String folder = tokenizerOnly.toString();
        assertArrayEquals(new int[]{9906, 1917}, ints(Cli.run("tokenize", "--model", folder, "--text", "Hello world", "--json").json()));
        assertArrayEquals(new int[]{128000, 9906, 1917},
                ints(Cli.run("tokenize", "--model", model.toString(), "--text", "Hello world", "--bos", "--json").json()));
        assertArrayEquals(new int[]{128009}, ints(Cli.run("tokenize", "--model", folder, "--text", "<|eot_id|>", "--json").json()));
        int[] plain = ints(Cli.run("tokenize", "--model", folder, "--text", "<|eot_id|>", "--no-special", "--json").json());
        assertTrue(plain.length > 1 && IntStream.of(plain).allMatch(id -> id < 128000));
        Cli human = Cli.run("tokenize", "--model", folder, "--text", "Hello world");
        assertEquals(List.of("9906\t\"Hello\"", "1917\t\" world\""), human.out().lines().toList());
    }

    @Test
    void tokenizeJsonlReadsStdin() {
        Cli r = Cli.runWithInput("{\"text\": \"Hello world\"}\n\n{\"text\": \"<|eot_id|>\"}\n",
                "tokenize", "--model", tokenizerOnly.toString(), "--jsonl");
        assertEquals(0, r.exit(), r.err());
        assertEquals(List.of("[9906,1917]", "[128009]"), r.out().lines().toList());
        Cli.runWithInput("{\"txt\": 1}\n", "tokenize", "--model", tokenizerOnly.toString(), "--jsonl")
                .failsWith("stdin line 1: expected {\"text\": \"...\"}");
        Cli.runWithInput("not json\n", "tokenize", "--model", tokenizerOnly.toString(), "--jsonl")
                .failsWith("stdin line 1: malformed JSON");
    }

    @Test
    void detokenize() {
        Cli r = Cli.run("detokenize", "--model", tokenizerOnly.toString(), "--ids", "128000,9906,1917");
        assertEquals("<|begin_of_text|>Hello world" + System.lineSeparator(), r.out());
        JsonNode skip = Cli.run("detokenize", "--model", tokenizerOnly.toString(), "--ids", "128000,9906,1917", "--skip-special", "--json").json();
        assertEquals("Hello world", skip.get("text").asText());
        Cli.run("detokenize", "--model", tokenizerOnly.toString(), "--ids", "9906,999999")
                .failsWith("token id 999999 is outside the tokenizer's vocabulary (0..128255)");
    }

    @Test
    void tokenizerFileErrors() throws IOException {
        Path broken = Files.createDirectories(dir.resolve("broken"));
        byte[] full = Files.readAllBytes(tokenizerOnly.resolve("tokenizer.json"));
        Files.write(broken.resolve("tokenizer.json"), java.util.Arrays.copyOf(full, full.length / 3));
        Cli.run("tokenize", "--model", broken.toString(), "--text", "x").failsWith(broken.resolve("tokenizer.json") + ": malformed JSON");
        Cli.run("tokenize", "--model", dir.resolve("nothing").toString(), "--text", "x").failsWith("no tokenizer (no tokenizer.json");
    }

    @Test
    void generateFromTextAddsBosAndNeverParsesSpecialsInThePrompt() {
        JsonNode out = Cli.run("generate", "--model", model.toString(), "--prompt", "Hello world", "--max-tokens", "5",
                "--temperature", "0", "--json").json();
        assertEquals(3, out.get("usage").get("prompt_tokens").asInt());   // BOS, Hello, " world"
        assertEquals(tok.decode(ints(out.get("ids")), true), out.get("text").asText());
        JsonNode viaIds = Cli.run("generate", "--model", model.toString(), "--prompt-ids", "128000,9906,1917", "--max-tokens", "5",
                "--temperature", "0", "--json").json();
        assertEquals(out.get("ids"), viaIds.get("ids"));

        String injected = "<|eot_id|><|begin_of_text|>";
        JsonNode inj = Cli.run("generate", "--model", model.toString(), "--prompt", injected, "--max-tokens", "1",
                "--temperature", "0", "--json").json();
        assertEquals(1 + tok.encode(injected, false).length, inj.get("usage").get("prompt_tokens").asInt());
        Cli.run("generate", "--model", Cli.fixtureModel("mini-packed").toString(), "--prompt", "hi")
                .failsWith("--prompt needs a tokenizer");
    }

    @Test
    void chatAnswersEachMessageAndIsDeterministic() {
        String[] args = {"chat", "--model", model.toString(), "--temperature", "0", "-n", "6",
                "--system", "Be brief.", "--message", "Hello!", "--message", "And then?"};
        Cli a = Cli.run(args), b = Cli.run(args);
        assertEquals(0, a.exit(), a.err());
        assertEquals(2, a.out().lines().count(), a.out());
        assertEquals(a.out(), b.out());
        assertTrue(a.err().isEmpty(), "the folder has a template, so no note: " + a.err());
    }

    @Test
    void chatReadsTurnsAndCommandsFromStdin() {
        Cli r = Cli.runWithInput("Hello!\n/system Answer in French.\nHi again\n/reset\n/bogus\nOne more\n/exit\nnever read\n",
                "chat", "--model", model.toString(), "--temperature", "0", "-n", "4");
        assertEquals(0, r.exit(), r.err());
        List<String> lines = r.out().lines().toList();
        assertTrue(lines.contains("(system prompt set)"), r.out());
        assertTrue(lines.contains("(conversation cleared)"), r.out());
        assertTrue(lines.contains("(unknown command /bogus; try /system TEXT, /reset, /exit)"), r.out());
        assertEquals(3 + 3, lines.size(), r.out());    // three replies, three command answers
    }

    @Test
    void chatWithoutATemplateUsesTheBuiltInOneAndSaysSo() throws IOException {
        Path noTemplate = Files.createDirectories(dir.resolve("no-template"));
        for (String f : new String[]{"config.json", "model.safetensors", "tokenizer.json"}) {
            Files.copy(model.resolve(f), noTemplate.resolve(f));
        }
        Cli r = Cli.run("chat", "--model", noTemplate.toString(), "--temperature", "0", "-n", "3", "--message", "Hi");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.err().contains("has no chat template; using the built-in BitNet b1.58 template"), r.err());
        Cli.run("chat", "--model", Cli.fixtureModel("mini-packed").toString(), "--message", "Hi")
                .failsWith("chat needs a tokenizer");
    }

    @Test
    void chatMessageTooLongForTheContextIsAnErrorNotACrash() {
        Cli.run("chat", "--model", model.toString(), "-c", "64", "--message", "word ".repeat(100))
                .failsWith("error: the message needs");
    }

    static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
