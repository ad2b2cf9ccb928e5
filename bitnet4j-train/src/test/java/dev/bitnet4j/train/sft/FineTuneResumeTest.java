package dev.bitnet4j.train.sft;

import dev.bitnet4j.BitNetException;
import dev.bitnet4j.train.dpo.DpoRecipe;
import dev.bitnet4j.train.loop.Checkpoint;
import dev.bitnet4j.train.loop.LossLog;
import dev.bitnet4j.train.loop.TrainOptions;
import dev.bitnet4j.train.loop.TrainingRun;
import dev.bitnet4j.train.nn.Matmul;
import dev.bitnet4j.train.nn.Reduction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/**
 * SFT resumes from a checkpoint to exactly the uninterrupted run (the loop is the pretraining one, tested with a
 * killed process in the CLI), and a checkpoint is resumed only by the kind of run that wrote it.
 */
class FineTuneResumeTest {
    @TempDir
    Path dir;

    @Test
    void resumesExactlyAndOnlyUnderItsOwnRecipe() throws IOException {
        Path model = TinyChat.model(dir.resolve("start"), 5), data = TinyChat.sftData(dir.resolve("chat.jsonl"));
        TrainOptions o = new TrainOptions(3, 32, 2, 12, 4, 1e-2, 0, 2, 12, 0, 0, 1.0, 4, 1, 6, false);
        Path straight = dir.resolve("straight"), resumed = dir.resolve("resumed");
        run(new SftRecipe(StartModel.open(model), data, data, Reduction.SUM), o, straight, false);
        run(new SftRecipe(StartModel.open(model), data, data, Reduction.SUM), o, resumed, false);
        // As if the run had died after its step-6 checkpoint: only the checkpoint and the loss log of steps 0..5 remain.
        for (String f : new String[]{"config.json", "model.safetensors", "bf16/model.safetensors", TrainingRun.RECORD}) Files.delete(resumed.resolve(f));
        assertTrue(Files.isRegularFile(Checkpoint.file(resumed)));

        StringWriter log = new StringWriter();
        BitNetException e = assertThrows(BitNetException.class, () -> new TrainingRun(new DpoRecipe(StartModel.open(model),
                TinyChat.dpoData(dir.resolve("pairs.jsonl")), null, 0.1), null, resumed, true, () -> Matmul.vector(1)).run(new PrintWriter(log)));
        assertTrue(e.getMessage().contains("was written by a run with {\"kind\":\"sft\""), e.getMessage());
        e = assertThrows(BitNetException.class, () -> run(new SftRecipe(StartModel.open(model), data, data, Reduction.MEAN), null, resumed, true));
        assertTrue(e.getMessage().contains("\"loss\":\"sum\""), e.getMessage());

        run(new SftRecipe(StartModel.open(model), data, data, Reduction.SUM), null, resumed, true);
        assertEquals(Files.readString(straight.resolve(LossLog.FILE)).lines().map(FineTuneResumeTest::withoutSpeed).toList(),
                Files.readString(resumed.resolve(LossLog.FILE)).lines().map(FineTuneResumeTest::withoutSpeed).toList());
        assertArrayEquals(Files.readAllBytes(straight.resolve("model.safetensors")), Files.readAllBytes(resumed.resolve("model.safetensors")));
    }

    private static void run(SftRecipe recipe, TrainOptions o, Path out, boolean resume) {
        new TrainingRun(recipe, o, out, resume, () -> Matmul.vector(1)).run(new PrintWriter(new StringWriter()));
    }

    /** A loss-log row without its tokens_per_s column (column 6), the one that may differ. */
    static String withoutSpeed(String row) {
        String[] f = row.split(",", -1);
        f[5] = "";
        return String.join(",", f);
    }
}
