package dev.bitnet4j.train.export;

import dev.bitnet4j.BitNetException;
import dev.bitnet4j.format.HfCheckpoint;
import dev.bitnet4j.format.Json;
import dev.bitnet4j.model.ModelConfig;
import dev.bitnet4j.model.ModelShape;
import dev.bitnet4j.train.export.ModelExport.Layout;
import dev.bitnet4j.train.nn.Params;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelExportTest {
    @TempDir
    Path dir;

    @Test
    void configJsonKeepsTheConstantsTheModelWasTrainedWith() throws IOException {
        var json = new ModelShape(16, 32, 1, 2, 1, 64).config(false);
        json.put("rope_theta", 10000.0).put("rms_norm_eps", 1e-6).put("max_position_embeddings", 512).put("bos_token_id", 1);
        json.putArray("eos_token_id").add(2).add(3);
        ModelConfig trained = ModelConfig.fromJson(json, "trained");
        for (Layout layout : Layout.values()) {
            Path out = dir.resolve(layout.name());
            ModelExport.write(Params.init(trained, 1, Params.INIT_STD), layout, out, false);
            ModelConfig written = ModelConfig.fromJson(Json.MAPPER.readTree(out.resolve(HfCheckpoint.CONFIG).toFile()), "written");
            ModelConfig t = trained;
            assertEquals(new ModelConfig(t.hiddenSize(), t.intermediateSize(), t.numLayers(), t.numHeads(), t.numKvHeads(),
                    t.headDim(), t.vocabSize(), t.maxPositions(), t.ropeTheta(), t.rmsNormEps(), t.tieWordEmbeddings(),
                    t.bosTokenId(), t.eosTokenIds(), layout == Layout.BF16), written);
        }
    }

    @Test
    void refusesANonEmptyFolderUnlessForced() throws IOException {
        ModelConfig c = ModelConfig.fromJson(new ModelShape(16, 32, 1, 2, 1, 64).config(false), "c");
        Files.writeString(dir.resolve("notes.txt"), "mine");
        Params p = Params.init(c, 1, Params.INIT_STD);
        BitNetException e = assertThrows(BitNetException.class, () -> ModelExport.write(p, Layout.PACKED, dir, false));
        assertTrue(e.getMessage().contains("not empty"), e.getMessage());
        ModelExport.write(p, Layout.PACKED, dir, true);
        assertTrue(Files.exists(dir.resolve(HfCheckpoint.SINGLE)));
        assertEquals("mine", Files.readString(dir.resolve("notes.txt")));
    }

    @Test
    void aHeadDimOtherThanHiddenOverHeadsIsRefusedBeforeAnythingIsWritten() {
        var json = new ModelShape(16, 32, 1, 2, 1, 64).config(false).put("head_dim", 4);
        ModelConfig c = ModelConfig.fromJson(json, "c");
        Path out = dir.resolve("out");
        BitNetException e = assertThrows(BitNetException.class,
                () -> ModelExport.write(Params.init(c, 1, Params.INIT_STD), Layout.PACKED, out, false));
        assertTrue(e.getMessage().contains("head_dim 4"), e.getMessage());
        assertTrue(Files.notExists(out));
    }
}
