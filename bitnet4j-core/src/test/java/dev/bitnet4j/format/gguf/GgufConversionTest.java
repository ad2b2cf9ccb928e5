package dev.bitnet4j.format.gguf;

import dev.bitnet4j.format.Checkpoint;
import dev.bitnet4j.format.HfCheckpoint;
import dev.bitnet4j.format.ModelConverter;
import dev.bitnet4j.format.ModelConverter.Target;
import dev.bitnet4j.kernels.ScalarKernels;
import dev.bitnet4j.model.BitNetModel;
import dev.bitnet4j.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static dev.bitnet4j.Fixtures.*;
import static org.junit.jupiter.api.Assertions.*;

/** HF packed -> each GGUF type -> HF packed keeps the ternary weights and scales byte for byte, and the logits. */
class GgufConversionTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(value = Target.class, names = {"GGUF_I2S", "GGUF_TQ1", "GGUF_TQ2"})
    void packedToGgufAndBackIsByteIdentical(Target target) {
        Path gguf = dir.resolve("m.gguf"), back = dir.resolve("back");
        ModelConverter.convert(model("mini-packed"), target, gguf, GgmlType.BF16, false);
        ModelConverter.convert(gguf, Target.HF_PACKED, back, GgmlType.F16, false);
        try (HfCheckpoint a = HfCheckpoint.open(model("mini-packed")); HfCheckpoint b = HfCheckpoint.open(back)) {
            assertEquals(a.tensors().keySet(), b.tensors().keySet());
            for (Map.Entry<String, Tensor> e : a.tensors().entrySet()) {
                Tensor x = e.getValue(), y = b.get(e.getKey());
                assertEquals(x.dtype(), y.dtype(), e.getKey());
                assertArrayEquals(x.shape(), y.shape(), e.getKey());
                assertEquals(-1, x.data().mismatch(y.data()), e.getKey() + ": bytes differ");
            }
        }
    }

    /** The four files give the same logits: identical with a bf16 embedding, within f16 rounding with the default F16. */
    @ParameterizedTest
    @EnumSource(value = Target.class, names = {"GGUF_I2S", "GGUF_TQ1", "GGUF_TQ2"})
    void everyFormatGivesTheSameLogits(Target target) {
        int[] prompt = ints(reference("mini-packed").get("prompt"));
        float[] expected = logits(model("mini-packed"), prompt);
        Path exact = dir.resolve("bf16.gguf"), f16 = dir.resolve("f16.gguf");
        ModelConverter.convert(model("mini-packed"), target, exact, GgmlType.BF16, false);
        ModelConverter.convert(model("mini-packed"), target, f16, GgmlType.F16, false);
        assertArrayEquals(expected, logits(exact, prompt));
        float[] near = logits(f16, prompt);
        int V = expected.length / prompt.length;
        for (int t = 0; t < prompt.length; t++) {
            double[] e = new double[V];
            for (int i = 0; i < V; i++) e[i] = expected[t * V + i];
            assertTrue(nmse(near, t * V, e) < 1e-9, "position " + t);
        }
    }

    /** Our GGUF writer gives the producers' bytes: same tensors, types, dims and data (I2_S's undefined tail aside). */
    @ParameterizedTest
    @EnumSource(value = Target.class, names = {"GGUF_I2S", "GGUF_TQ1", "GGUF_TQ2"})
    void writtenFileMatchesTheProducersFixture(Target target) {
        String fixture = switch (target) {
            case GGUF_I2S -> "mini-i2_s";
            case GGUF_TQ1 -> "mini-tq1_0";
            default -> "mini-tq2_0";
        };
        Path ours = dir.resolve("ours.gguf");
        ModelConverter.convert(model("mini-packed"), target, ours, GgmlType.F16, false);
        try (GgufFile a = GgufFile.open(GgufModelTest.gguf(fixture)); GgufFile b = GgufFile.open(ours)) {
            assertEquals(a.architecture(), b.architecture());
            Set<String> missing = new TreeSet<>(a.metadata().keys()), unexpected = new TreeSet<>(b.metadata().keys());
            missing.removeAll(b.metadata().keys());
            unexpected.removeAll(a.metadata().keys());
            assertTrue(missing.isEmpty() && unexpected.isEmpty(), "metadata keys missing: " + missing + ", unexpected: " + unexpected);
            for (String key : a.metadata().keys()) {
                if (key.equals("general.name")) continue;     // in both (checked above); each names its own source model
                assertEquals(a.metadata().get(key), b.metadata().get(key), key);
            }
            assertEquals(a.tensors().keySet(), Set.copyOf(b.tensors().keySet()));
            for (GgufTensor x : a.tensors().values()) {
                GgufTensor y = b.tensor(x.name());
                assertEquals(x.type(), y.type(), x.name());
                assertArrayEquals(x.dims(), y.dims(), x.name());
                long compare = x.type() == GgmlType.I2_S ? x.numel() / 4 + 4 : x.data().byteSize();
                assertEquals(-1, x.data().asSlice(0, compare).mismatch(y.data().asSlice(0, compare)), x.name() + ": bytes differ");
            }
        }
    }

    @Test
    void ggufToBf16MasterWeightsKeepsEveryTernaryValue() {
        Path gguf = dir.resolve("m.gguf"), bf16 = dir.resolve("bf16"), packed = dir.resolve("packed");
        ModelConverter.convert(model("mini-packed"), Target.GGUF_I2S, gguf, GgmlType.BF16, false);
        ModelConverter.convert(gguf, Target.HF_BF16, bf16, GgmlType.F16, false);
        ModelConverter.convert(bf16, Target.HF_PACKED, packed, GgmlType.F16, false);
        try (HfCheckpoint a = HfCheckpoint.open(model("mini-packed")); HfCheckpoint b = HfCheckpoint.open(packed)) {
            for (Map.Entry<String, Tensor> e : a.tensors().entrySet()) {
                String n = e.getKey();
                if (n.endsWith("_proj.weight")) {
                    assertEquals(-1, e.getValue().data().mismatch(b.get(n).data()), n);
                } else if (n.endsWith("weight_scale")) {
                    float x = e.getValue().getFloat(0), y = b.get(n).getFloat(0);
                    assertEquals(x, y, x * 0x1p-8, n + ": the bf16 layout keeps the scale to bf16 precision");
                }
            }
        }
    }

    static float[] logits(Path model, int[] prompt) {
        try (BitNetModel m = BitNetModel.load(model, new ScalarKernels())) {
            return m.forward(prompt, m.newCache(64), true);
        }
    }
}
