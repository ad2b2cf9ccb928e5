package dev.bitnet4j.train.dpo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bitnet4j.BitNetException;
import dev.bitnet4j.format.Json;
import dev.bitnet4j.train.loop.LossLog;
import dev.bitnet4j.train.loop.TrainOptions;
import dev.bitnet4j.train.loop.TrainingRun;
import dev.bitnet4j.train.nn.Matmul;
import dev.bitnet4j.train.sft.StartModel;
import dev.bitnet4j.train.sft.TinyChat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** DPO end to end: held-out metrics start at the closed form's values for policy = reference and move the right way. */
class DpoRecipeTest {
    @TempDir
    static Path dir;
    static Path model, pairs;

    @BeforeAll
    static void prepare() throws IOException {
        model = TinyChat.model(dir.resolve("start"), 9);
        pairs = TinyChat.dpoData(dir.resolve("pairs.jsonl"));
    }

    @Test
    void learnsThePreferencesAgainstTheFrozenReference() throws IOException {
        Path out = dir.resolve("dpo");
        StringWriter log = new StringWriter();
        TrainOptions o = new TrainOptions(6, 32, 1, 120, 1, 2e-2, 0, 4, 120, 0, 0, 1.0, 20, 1, 0, false);
        new TrainingRun(new DpoRecipe(StartModel.open(model), pairs, pairs, 0.1), o, out, false, () -> Matmul.vector(2)).run(new PrintWriter(log));
        JsonNode r = Json.read(out.resolve(TrainingRun.RECORD));
        assertEquals(Math.log(2), r.at("/val_before/loss").asDouble(), 1e-9, "policy = reference: every pair's loss is log 2");
        assertEquals(0, r.at("/val_before/margin").asDouble(), 1e-12);
        assertEquals(0, r.at("/val_before/accuracy").asDouble());
        assertEquals(1.0, r.at("/val_after/accuracy").asDouble(), "every held-out pair preferred\n" + log);
        assertTrue(r.at("/val_after/loss").asDouble() < 0.4, "loss " + r.at("/val_after/loss") + "\n" + log);
        assertTrue(r.at("/val_after/margin").asDouble() > 1, "margin " + r.at("/val_after/margin"));
        double likelierBefore = r.at("/val_before/likelihood_accuracy").asDouble(), likelierAfter = r.at("/val_after/likelihood_accuracy").asDouble();
        assertTrue(likelierAfter > likelierBefore, "the policy finds more chosen answers likelier: " + likelierBefore + " -> " + likelierAfter);
        assertEquals(0.1, r.at("/settings/beta").asDouble());
        assertEquals(6, r.get("pairs").asInt());
        List<String> rows = Files.readAllLines(out.resolve(LossLog.FILE));
        assertEquals("step,lr,train_loss,val_loss,grad_norm,tokens_per_s,train_margin,val_margin,train_accuracy,val_accuracy,"
                + "train_likelihood_accuracy,val_likelihood_accuracy", rows.getFirst());
        assertEquals(121, rows.size());
        assertTrue(log.toString().contains("| val loss "), log.toString());
    }

    @Test
    void badPairsAreAClearError() throws IOException {
        StartModel start = StartModel.open(model);
        Path bad = Files.writeString(dir.resolve("bad.jsonl"), "{\"prompt\": \"q\", \"chosen\": \"a\", \"rejected\": \"b\"}\n\n{\"prompt\": \"q\", \"chosen\": 1, \"rejected\": \"b\"}\n");
        BitNetException e = assertThrows(BitNetException.class, () -> new DpoRecipe(start, bad, null, 0.1));
        assertTrue(e.getMessage().contains("bad.jsonl: line 3") && e.getMessage().contains("\"chosen\""), e.getMessage());
        Path notJson = Files.writeString(dir.resolve("not-json.jsonl"), "{\"prompt\": \"q\", \"chosen\": \"a\", \"rejected\": \"b\"}\n{oops\n");
        e = assertThrows(BitNetException.class, () -> new DpoRecipe(start, notJson, null, 0.1));
        assertTrue(e.getMessage().contains("not-json.jsonl: line 2"), e.getMessage());
        e = assertThrows(BitNetException.class, () -> new DpoRecipe(start, pairs, null, 0));
        assertTrue(e.getMessage().contains("--beta must be positive"), e.getMessage());
    }
}
