package dev.bitnet4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bitnet4j.format.Json;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** sft then dpo end to end from a model that train wrote: outputs, held-out metrics before and after, and clear errors. */
class FineTuneCommandsTest {
    @TempDir
    static Path dir;
    static Path base, chat, pairs;

    static final String[][] FACTS = {{"sky", "blue"}, {"grass", "green"}, {"snow", "white"}, {"coal", "black"}};

    @BeforeAll
    static void pretrain() throws IOException {
        List<String> chatLines = new ArrayList<>(), pairLines = new ArrayList<>(), text = new ArrayList<>();
        for (int i = 0; i < FACTS.length; i++) {
            String q = "What colour is the " + FACTS[i][0] + "?", a = "The " + FACTS[i][0] + " is " + FACTS[i][1] + ".";
            chatLines.add("{\"messages\": [{\"role\": \"user\", \"content\": \"" + q + "\"}, {\"role\": \"assistant\", \"content\": \"" + a + "\"}]}");
            pairLines.add("{\"prompt\": \"" + q + "\", \"chosen\": \"" + a + "\", \"rejected\": \"The " + FACTS[i][0] + " is "
                    + FACTS[(i + 1) % FACTS.length][1] + ".\"}");
            text.add(q + " " + a);
        }
        chat = Files.write(dir.resolve("chat.jsonl"), chatLines);
        pairs = Files.write(dir.resolve("pairs.jsonl"), pairLines);
        Path corpus = Files.write(dir.resolve("corpus.txt"), text);
        var prepared = TrainingFixtures.prepare(dir, List.of(corpus), 290, "0", "--min-frequency", "1");
        base = dir.resolve("base");
        Cli t = Cli.run("train", "--shape", "16,32,2,2,1", "--tokenizer", prepared.tokenizer().toString(), "--data", prepared.data().toString(),
                "--out", base.toString(), "--steps", "2", "--batch", "2", "--context", "16", "--eval-every", "0", "--threads", "1", "--gguf", "none");
        assertEquals(0, t.exit(), t.err());
        try (var files = Files.list(base)) {
            assertTrue(files.noneMatch(f -> f.toString().endsWith(".gguf")), "--gguf none writes no GGUF");
        }
    }

    static String[] run(String command, Path model, Path data, Path out, String... more) {
        List<String> a = new ArrayList<>(List.of(command, "--model", model.toString(), "--data", data.toString(), "--val", data.toString(),
                "--out", out.toString(), "--steps", "6", "--batch", "2", "--context", "32", "--lr", "1e-2", "--eval-every", "3",
                "--eval-batches", "2", "--threads", "1", "--progress", "lines"));
        for (int i = 0; i + 1 < more.length; i += 2) {     // a flag given again replaces the default above
            int at = a.indexOf(more[i]);
            if (at >= 0) a.set(at + 1, more[i + 1]);
            else a.addAll(List.of(more[i], more[i + 1]));
        }
        if (more.length % 2 == 1) a.add(more[more.length - 1]);
        return a.toArray(String[]::new);
    }

    @Test
    void sftThenDpoWriteModelsTheEngineRuns() throws IOException {
        Path sft = dir.resolve("sft"), dpo = dir.resolve("dpo");
        Cli s = Cli.run(run("sft", base.resolve("bf16"), chat, sft));
        assertEquals(0, s.exit(), s.err());
        assertTrue(s.err().startsWith("held-out before training: loss "), s.err());
        assertTrue(s.err().contains("step 6/6 (100%) | loss ") && s.err().contains("| val loss "), s.err());
        JsonNode record = Json.read(sft.resolve("training.json"));
        assertEquals("sft", record.get("kind").asText());
        assertEquals("sum", record.at("/settings/loss").asText());
        assertTrue(record.at("/val_after/loss").asDouble() < record.at("/val_before/loss").asDouble(), record.toString());
        for (String f : new String[]{"config.json", "model.safetensors", "tokenizer.json", "tokenizer_config.json", "losses.csv", "losses.png",
                "bf16/model.safetensors", "bf16/tokenizer.json"}) {
            assertTrue(Files.isRegularFile(sft.resolve(f)), f);
        }
        Cli g = Cli.run("generate", "--model", sft.toString(), "--prompt", "What colour is the sky?", "-n", "4", "--json");
        assertEquals(0, g.exit(), g.err());
        Path gguf = sft.resolve("model-i2s.gguf");   // --gguf i2s by default: bitnet.cpp's format, which the engine reads too
        assertArrayEquals(new byte[]{'G', 'G', 'U', 'F'}, java.util.Arrays.copyOf(Files.readAllBytes(gguf), 4));
        Cli fromGguf = Cli.run("generate", "--model", gguf.toString(), "--prompt", "What colour is the sky?", "-n", "4", "--json");
        assertEquals(0, fromGguf.exit(), fromGguf.err());

        // TQ2_0 needs rows of a multiple of 256 weights: this 16-wide model cannot be one, which is a warning, not a lost run.
        Cli d = Cli.run(run("dpo", sft.resolve("bf16"), pairs, dpo, "--beta", "0.2", "--gguf", "tq2"));
        assertEquals(0, d.exit(), d.err());
        assertTrue(d.err().contains("warning: no model-tq2.gguf written (") && d.err().contains("multiple of 256"), d.err());
        assertFalse(Files.exists(dpo.resolve("model-tq2.gguf")));
        assertTrue(d.err().startsWith("held-out before training: loss 0.6931 margin 0.0000 accuracy 0.0000 likelihood_accuracy "), d.err());
        assertTrue(d.err().contains("step 6/6 (100%) | loss ") && d.err().contains(" margin ") && d.err().contains(" accuracy "), d.err());
        record = Json.read(dpo.resolve("training.json"));
        assertEquals(0.2, record.at("/settings/beta").asDouble());
        assertTrue(record.at("/val_after/loss").asDouble() < Math.log(2), record.toString());
        assertTrue(Files.readAllLines(dpo.resolve("losses.csv")).getFirst().endsWith(",train_margin,val_margin,train_accuracy,val_accuracy,"
                + "train_likelihood_accuracy,val_likelihood_accuracy"));
        assertEquals(0, Cli.run("generate", "--model", dpo.toString(), "--prompt", "What colour is the snow?", "-n", "4").exit());
    }

    @Test
    void badInputsAreClearErrors() throws IOException {
        Path bad = Files.writeString(dir.resolve("bad.jsonl"), "{\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}, "
                + "{\"role\": \"assistant\", \"content\": \"yo\"}]}\n{\"messages\": [{\"role\": \"user\"}]}\n");
        Cli.run(run("sft", base, bad, dir.resolve("e1"))).failsWith("bad.jsonl: line 2");
        Cli.run(run("dpo", base, chat, dir.resolve("e2"))).failsWith("chat.jsonl: line 1: expected {\"prompt\", \"chosen\", \"rejected\"}");
        Cli.run(run("sft", dir.resolve("no-such-model"), chat, dir.resolve("e3"))).failsWith("no-such-model");
        Cli.run(run("sft", base, dir.resolve("no-such.jsonl"), dir.resolve("e4"))).failsWith("no-such.jsonl");
        Cli.run(run("sft", base, chat, dir.resolve("e5"), "--loss", "median")).failsWith("--loss must be sum or mean, found 'median'");
        Cli.run(run("dpo", base, pairs, dir.resolve("e6"), "--beta", "0")).failsWith("--beta must be positive");
        Cli.run(run("sft", base, chat, dir.resolve("e7"), "--resume")).failsWith("no checkpoint to resume from");
        Cli.run(run("sft", base, chat, dir.resolve("e8"), "--context", "4")).failsWith("has no assistant token within the first 5 tokens");
        Cli.run(run("sft", base, chat, dir.resolve("e9"), "--progress", "fancy")).failsWith("expected one of [auto, bar, lines]");
        Cli.run(run("dpo", base, pairs, dir.resolve("e10"), "--threads", "0")).failsWith("--threads must be between 1 and 1024, found 0");
    }
}
