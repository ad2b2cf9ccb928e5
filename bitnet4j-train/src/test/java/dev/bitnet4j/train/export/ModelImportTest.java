package dev.bitnet4j.train.export;

import dev.bitnet4j.model.ModelConfig;
import dev.bitnet4j.model.ModelShape;
import dev.bitnet4j.train.nn.AbsmeanQuantizer;
import dev.bitnet4j.train.nn.Param;
import dev.bitnet4j.train.nn.Params;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** Exported models read back as trainer parameters that quantize to the same ternary values and scales. */
class ModelImportTest {
    @TempDir
    Path dir;

    @Test
    void bothLayoutsReadBackAsTheSameTernaryModel() {
        ModelConfig c = ModelConfig.fromJson(new ModelShape(64, 128, 2, 4, 2, 96).config(false), "test");
        Params trained = Params.init(c, 4, 0.02);
        ModelExport.write(trained, ModelExport.Layout.PACKED, dir.resolve("packed"), false);
        ModelExport.write(trained, ModelExport.Layout.BF16, dir.resolve("bf16"), false);
        Params exported = ModelExport.roundedAsExported(trained, ModelExport.Layout.PACKED);
        Params fromPacked = ModelImport.read(dir.resolve("packed")), fromBf16 = ModelImport.read(dir.resolve("bf16"));
        Params bf16 = ModelExport.roundedAsExported(trained, ModelExport.Layout.BF16);
        for (Param p : trained.all()) {
            Param e = exported.get(p.name()), a = fromPacked.get(p.name()), b = fromBf16.get(p.name());
            assertArrayEquals(bf16.get(p.name()).value(), b.value(), p.name() + ": bf16 master weights are the latents");
            if (p.kind() != Param.Kind.LINEAR) {
                assertArrayEquals(e.value(), a.value(), p.name());
                continue;
            }
            float[] te = new float[p.size()], ta = new float[p.size()];
            float se = AbsmeanQuantizer.quantize(p.value(), te), sa = AbsmeanQuantizer.quantize(a.value(), ta);
            for (int i = 0; i < te.length; i++) assertEquals((int) te[i], (int) ta[i], p.name() + "[" + i + "]: the same ternary value");
            float bf16Scale = dev.bitnet4j.tensor.Floats.bf16ToFloat(dev.bitnet4j.tensor.Floats.floatToBf16(se));
            assertEquals(bf16Scale, sa, bf16Scale * 1e-6, p.name() + ": the exported scale");
        }
    }

    /** A damaged packed model is refused with the engine's own errors, not read as weights. */
    @Test
    void aPackedByteHoldingCode3IsAClearError() throws Exception {
        ModelConfig c = ModelConfig.fromJson(new ModelShape(64, 128, 1, 4, 2, 96).config(false), "test");
        Path packed = dir.resolve("packed");
        ModelExport.write(Params.init(c, 4, 0.02), ModelExport.Layout.PACKED, packed, false);
        Path file = packed.resolve("model.safetensors");
        byte[] bytes = java.nio.file.Files.readAllBytes(file);
        long headerLength = java.nio.ByteBuffer.wrap(bytes, 0, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
        var header = dev.bitnet4j.format.Json.parse(java.util.Arrays.copyOfRange(bytes, 8, 8 + (int) headerLength), "header");
        String name = "model.layers.0.self_attn.q_proj.weight";
        long at = 8 + headerLength + header.get(name).get("data_offsets").get(0).asLong();
        bytes[(int) at + 5] = (byte) 0xFF;   // four codes 3
        java.nio.file.Files.write(file, bytes);
        dev.bitnet4j.BitNetException e = assertThrows(dev.bitnet4j.BitNetException.class, () -> ModelImport.read(packed));
        assertTrue(e.getMessage().contains(name) && e.getMessage().contains("byte 5") && e.getMessage().contains("code 3"), e.getMessage());
    }
}
