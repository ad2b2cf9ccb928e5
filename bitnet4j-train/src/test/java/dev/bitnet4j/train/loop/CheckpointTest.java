package dev.bitnet4j.train.loop;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bitnet4j.BitNetException;
import dev.bitnet4j.model.ModelShape;
import dev.bitnet4j.train.data.TokenFile;
import dev.bitnet4j.train.nn.Matmul;
import dev.bitnet4j.train.nn.Params;
import dev.bitnet4j.train.optim.AdamW;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CheckpointTest {
    @TempDir
    static Path dir;
    static Path data;
    static final ObjectNode RECIPE = dev.bitnet4j.format.Json.MAPPER.createObjectNode().put("kind", "pretrain");

    @BeforeAll
    static void prepare() throws IOException {
        data = TinyRun.prepare(dir);
    }

    @Test
    void resumingFromACheckpointGivesExactlyTheUninterruptedLosses() {
        TrainOptions o = TinyRun.options(24, 0);
        List<StepResult> straight, resumed = new ArrayList<>();
        Params straightParams;
        try (TokenFile tokens = TokenFile.open(data); Matmul matmul = Matmul.vector(2)) {
            ObjectNode config = config(tokens);
            Trainer a = fresh(o, config, tokens, matmul);
            straight = new ArrayList<>();
            while (!a.done()) straight.add(TrainerTest.stepAndEvaluate(a));
            straightParams = a.params();

            Trainer b = fresh(o, config, tokens, matmul);
            for (int i = 0; i < 12; i++) resumed.add(TrainerTest.stepAndEvaluate(b));
            Path out = dir.resolve("run");
            Checkpoint.write(out, b, config, RECIPE);
            assertTrue(Files.isRegularFile(Checkpoint.file(out)));

            Checkpoint cp = Checkpoint.read(out);
            assertEquals(12, cp.nextStep());
            assertEquals(o, cp.options());
            assertEquals(RECIPE, cp.recipe());
            Trainer c = TrainerTest.pretraining(cp.params(), cp.optimizer(), cp.nextStep(), cp.options(), tokens, matmul);
            while (!c.done()) resumed.add(TrainerTest.stepAndEvaluate(c));
            assertArrayEquals(straightParams.get("model.layers.1.mlp.down_proj.weight").value(),
                    c.params().get("model.layers.1.mlp.down_proj.weight").value());
        }
        assertArrayEquals(TrainerTest.losses(straight), TrainerTest.losses(resumed), "bit for bit");
    }

    @Test
    void aMissingOrForeignCheckpointIsAClearError() throws IOException {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        BitNetException e = assertThrows(BitNetException.class, () -> Checkpoint.read(empty));
        assertTrue(e.getMessage().contains("no checkpoint to resume from"), e.getMessage());
        Path foreign = dir.resolve("foreign");
        Files.createDirectories(foreign.resolve("checkpoint"));
        Files.write(Checkpoint.file(foreign), new byte[]{2, 0, 0, 0, 0, 0, 0, 0, '{', '}'});
        e = assertThrows(BitNetException.class, () -> Checkpoint.read(foreign));
        assertTrue(e.getMessage().contains("not a bitnet4j training checkpoint"), e.getMessage());
    }

    static ObjectNode config(TokenFile tokens) {
        return new ModelShape(16, 32, 2, 2, 1, tokens.header().vocabSize()).config(false);
    }

    static Trainer fresh(TrainOptions o, ObjectNode config, TokenFile tokens, Matmul matmul) {
        Params p = Params.init(dev.bitnet4j.model.ModelConfig.fromJson(config, "test"), o.seed(), Params.INIT_STD);
        return TrainerTest.pretraining(p, new AdamW(p), 0, o, tokens, matmul);
    }
}
