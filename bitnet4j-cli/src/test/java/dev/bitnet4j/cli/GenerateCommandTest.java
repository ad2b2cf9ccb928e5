package dev.bitnet4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bitnet4j.format.Json;
import dev.bitnet4j.tokenizer.Tokenizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.*;

class GenerateCommandTest {
    @TempDir
    Path dir;

    static String csv(JsonNode ids) {
        StringBuilder sb = new StringBuilder();
        ids.forEach(i -> sb.append(sb.isEmpty() ? "" : ",").append(i.asInt()));
        return sb.toString();
    }

    @Test
    void greedyJsonMatchesTheReferenceContinuation() {
        for (String name : new String[]{"mini-packed", "tiny-bf16"}) {
            JsonNode ref = Json.read(Cli.fixtureModel(name).resolve("reference.json"));
            JsonNode out = Cli.run("generate", "--model", Cli.fixtureModel(name).toString(),
                    "--prompt-ids", csv(ref.get("prompt")), "--max-tokens", "16", "--temperature", "0", "--json").json();
            assertEquals(ref.get("greedy_continuation"), out.get("ids"), name);
            assertFalse(out.has("text"), "no tokenizer in the folder, so no text");
            assertEquals("length", out.get("finish_reason").asText());
            assertEquals(16, out.get("usage").get("prompt_tokens").asInt());
        }
    }

    @Test
    void sameSeedSameOutputDifferentSeedDifferentOutput() {
        String model = Cli.fixtureModel("mini-packed").toString();
        String[] args = {"generate", "--model", model, "--prompt-ids", "1,5,9", "--max-tokens", "24",
                "--temperature", "1.5", "--top-k", "0", "--top-p", "1", "--min-p", "0", "--json", "--seed"};
        JsonNode a = run(args, "42"), b = run(args, "42"), c = run(args, "43");
        assertEquals(a.get("ids"), b.get("ids"));
        assertNotEquals(a.get("ids"), c.get("ids"));
    }

    private static JsonNode run(String[] args, String seed) {
        String[] all = Arrays.copyOf(args, args.length + 1);
        all[args.length] = seed;
        return Cli.run(all).json();
    }

    @Test
    void withATokenizerTheTextIsDecodedAndStopStringsEndIt() throws IOException {
        Path model = Cli.copyModel("mini-packed", dir.resolve("m"));
        Files.copy(Cli.FIXTURES.resolve("tokenizer/tokenizer.json"), model.resolve("tokenizer.json"));
        Tokenizer tok = Tokenizer.load(model.resolve("tokenizer.json"));
        JsonNode full = Cli.run("generate", "--model", model.toString(), "--prompt-ids", "1,5,9,200",
                "--max-tokens", "12", "--temperature", "0", "--json").json();
        int[] ids = Json.MAPPER.convertValue(full.get("ids"), int[].class);
        String text = tok.decode(ids, true);
        assertEquals(text, full.get("text").asText());
        assertTrue(text.length() > 6, text);

        String stop = text.substring(text.length() / 2, text.length() / 2 + 3);
        JsonNode cut = Cli.run("generate", "--model", model.toString(), "--prompt-ids", "1,5,9,200",
                "--max-tokens", "12", "--temperature", "0", "--stop", stop, "--json").json();
        assertEquals(text.substring(0, text.indexOf(stop)), cut.get("text").asText());
        assertEquals("stop", cut.get("finish_reason").asText());

        Cli streamed = Cli.run("generate", "--model", model.toString(), "--prompt-ids", "1,5,9,200",
                "--max-tokens", "12", "--temperature", "0");
        assertEquals(0, streamed.exit(), streamed.err());
        assertEquals(text + System.lineSeparator(), streamed.out());
    }

    @Test
    void eosFromGenerationConfigEndsGeneration() throws IOException {
        JsonNode ref = Json.read(Cli.fixtureModel("mini-packed").resolve("reference.json"));
        Path model = Cli.copyModel("mini-packed", dir.resolve("eos"));
        int third = ref.get("greedy_continuation").get(6).asInt();
        Files.writeString(model.resolve("generation_config.json"), "{\"eos_token_id\": [7, " + third + "]}");
        JsonNode out = Cli.run("generate", "--model", model.toString(), "--prompt-ids", csv(ref.get("prompt")),
                "--max-tokens", "16", "--temperature", "0", "--json").json();
        int firstEos = 0;
        while (ref.get("greedy_continuation").get(firstEos).asInt() != third) firstEos++;
        assertEquals(firstEos + 1, out.get("ids").size(), out.toString());
        assertEquals("stop", out.get("finish_reason").asText());
        JsonNode ignored = Cli.run("generate", "--model", model.toString(), "--prompt-ids", csv(ref.get("prompt")),
                "--max-tokens", "16", "--temperature", "0", "--ignore-eos", "--json").json();
        assertEquals(ref.get("greedy_continuation"), ignored.get("ids"));
    }

    @Test
    void badRequestsFailClearly() {
        String model = Cli.fixtureModel("mini-packed").toString();
        Cli.run("generate", "--model", model, "--prompt-ids", "1,5000", "--json")
                .failsWith("error: prompt token id 5000 is outside the vocabulary (0..1023)");
        Cli.run("generate", "--model", model, "--prompt-ids", "1,2,3,4,5,6,7,8", "--ctx-size", "8")
                .failsWith("error: the prompt has 8 tokens but the context holds 8");
        Cli.run("generate", "--model", model, "--prompt-ids", "1,x").failsWith("'x' is not a token id");
        Cli.run("generate", "--model", model, "--prompt-ids", "1", "--temperature", "-1").failsWith("temperature");
        Cli.run("generate", "--model", model, "--prompt-ids", "1", "--stop", "x")
                .failsWith("stop strings need a tokenizer");
        Cli.run("generate", "--model", "/nonexistent/model", "--prompt-ids", "1")
                .failsWith("error: /nonexistent/model: model not found");
    }

    @Test
    void logitsJsonHasOneRowPerPositionMatchingTheReference() {
        JsonNode ref = Json.read(Cli.fixtureModel("tiny-packed").resolve("reference.json"));
        JsonNode out = Cli.run("logits", "--model", Cli.fixtureModel("tiny-packed").toString(),
                "--prompt-ids", csv(ref.get("prompt")), "--json").json();
        JsonNode rows = out.get("logits");
        assertEquals(ref.get("logits").size(), rows.size());
        for (int t = 0; t < rows.size(); t++) {
            double num = 0, den = 0;
            for (int i = 0; i < rows.get(t).size(); i++) {
                double d = rows.get(t).get(i).asDouble() - ref.get("logits").get(t).get(i).asDouble();
                num += d * d;
                den += Math.pow(ref.get("logits").get(t).get(i).asDouble(), 2);
            }
            assertTrue(num / den < 1e-3, "position " + t);
        }
        Cli human = Cli.run("logits", "--model", Cli.fixtureModel("tiny-packed").toString(), "--prompt-ids", "1,5");
        assertEquals(0, human.exit());
        assertEquals(2, human.out().lines().filter(l -> l.startsWith("pos ")).count());
    }
}
