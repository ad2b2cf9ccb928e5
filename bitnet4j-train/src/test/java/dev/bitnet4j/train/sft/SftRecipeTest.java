package dev.bitnet4j.train.sft;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bitnet4j.BitNet;
import dev.bitnet4j.BitNetException;
import dev.bitnet4j.Chat;
import dev.bitnet4j.LanguageModel;
import dev.bitnet4j.format.Json;
import dev.bitnet4j.generate.SamplingParams;
import dev.bitnet4j.train.loop.Objective;
import dev.bitnet4j.train.loop.TrainOptions;
import dev.bitnet4j.train.loop.TrainingRun;
import dev.bitnet4j.train.nn.Matmul;
import dev.bitnet4j.train.nn.Param;
import dev.bitnet4j.train.nn.Params;
import dev.bitnet4j.train.nn.Reduction;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** SFT end to end: the held-out loss falls, the exported model answers as taught, the loss reductions differ only in scale. */
class SftRecipeTest {
    @TempDir
    static Path dir;
    static Path model, data;

    @BeforeAll
    static void prepare() throws IOException {
        model = TinyChat.model(dir.resolve("start"), 5);
        data = TinyChat.sftData(dir.resolve("chat.jsonl"));
    }

    /** Batch 6 × context 32, LR 1e-2 with warmup 4 and a cosine to 0, evaluation every 20 steps (start seeds 1–8 all reach a held-out loss below 0.1 in 300 steps). */
    static TrainOptions options(long steps) {
        return new TrainOptions(6, 32, 1, steps, 3, 1e-2, 0, Math.min(4, steps), steps, 0, 0, 1.0, 20, 1, 0, false);
    }

    @Test
    void learnsTheAnswersAndTheExportSaysThem() throws IOException {
        Path out = dir.resolve("sft");
        StringWriter log = new StringWriter();
        new TrainingRun(new SftRecipe(StartModel.open(model), data, data, Reduction.SUM), options(300), out, false, () -> Matmul.vector(2))
                .run(new PrintWriter(log));
        JsonNode record = Json.read(out.resolve(TrainingRun.RECORD));
        double before = record.at("/val_before/loss").asDouble(), after = record.at("/val_after/loss").asDouble();
        assertTrue(before > 4, "an untrained model is lost: " + before);
        assertTrue(after < 0.1, "taught: held-out loss " + before + " -> " + after + "\n" + log);
        assertEquals("sft", record.get("kind").asText());
        assertEquals("sum", record.at("/settings/loss").asText());
        assertTrue(log.toString().startsWith("held-out before training: loss "), log.toString());
        for (String f : new String[]{"config.json", "model.safetensors", "tokenizer.json", "tokenizer_config.json", "bf16/model.safetensors", "losses.csv"}) {
            assertTrue(Files.isRegularFile(out.resolve(f)), f);
        }
        try (LanguageModel lm = BitNet.load(out)) {
            for (int i = 0; i < TinyChat.FACTS.length; i++) {
                Chat chat = lm.newChat().sampling(SamplingParams.greedy()).maxTokens(16);
                assertEquals(TinyChat.answer(i), chat.send(TinyChat.question(i)).text(), "question " + i + "\n" + log);
            }
        }
    }

    /** The summed loss's gradient is the mean loss's times the number of assistant tokens; both report the per-token loss. */
    @Test
    void sumAndMeanDifferOnlyInTheGradientsScale() {
        StartModel start = StartModel.open(model);
        TrainOptions o = options(1);
        double[][] grads = new double[2][];
        double[] reported = new double[2];
        java.util.List<ChatExample> examples = ChatJsonl.read(data).stream()
                .map(c -> ChatExample.encode(c.messages(), start.template(), start.tokenizer(), c.where())).toList();
        int counted = new SftBatches(examples, o.batch(), o.context(), o.seed()).batch(0).counted();
        try (Matmul mm = Matmul.vector(1)) {
            for (Reduction r : Reduction.values()) {
                Params p = start.params();
                Objective objective = new SftRecipe(start, data, null, r).objective(p, o, mm);
                reported[r.ordinal()] = objective.train(0)[0];
                Param down = p.get("model.layers.0.mlp.down_proj.weight");
                grads[r.ordinal()] = new double[down.size()];
                for (int i = 0; i < down.size(); i++) grads[r.ordinal()][i] = down.grad()[i];
            }
        }
        assertEquals(reported[0], reported[1], 1e-5, "the same per-token loss");
        double largest = java.util.Arrays.stream(grads[0]).map(Math::abs).max().orElseThrow();
        assertTrue(largest > 0);
        // float sums in another order: equal to a small fraction of the largest gradient
        for (int i = 0; i < grads[0].length; i++) assertEquals(grads[1][i] * counted, grads[0][i], 1e-4 * largest, "gradient " + i);
    }

    @Test
    void badDataIsAClearError() throws IOException {
        StartModel start = StartModel.open(model);
        Path bad = Files.writeString(dir.resolve("bad.jsonl"), "{\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}, {\"role\": \"assistant\", \"content\": \"yo\"}]}\n{\"messages\": 3}\n");
        BitNetException e = assertThrows(BitNetException.class, () -> new SftRecipe(start, bad, null, Reduction.SUM));
        assertTrue(e.getMessage().contains("bad.jsonl: line 2"), e.getMessage());
        Path noAssistant = Files.writeString(dir.resolve("user-only.jsonl"), "{\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}\n");
        e = assertThrows(BitNetException.class, () -> new SftRecipe(start, noAssistant, null, Reduction.SUM));
        assertTrue(e.getMessage().contains("user-only.jsonl: line 1: no assistant turn"), e.getMessage());
        e = assertThrows(BitNetException.class, () -> StartModel.open(dir.resolve("missing")));
        assertTrue(e.getMessage().contains("missing"), e.getMessage());
    }
}
