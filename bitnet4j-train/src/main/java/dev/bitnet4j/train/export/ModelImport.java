package dev.bitnet4j.train.export;

import dev.bitnet4j.format.Checkpoint;
import dev.bitnet4j.model.ModelConfig;
import dev.bitnet4j.model.TernaryMatrix;
import dev.bitnet4j.model.TernaryPacking;
import dev.bitnet4j.tensor.Tensor;
import dev.bitnet4j.train.nn.Param;
import dev.bitnet4j.train.nn.Params;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A model the engine loads (a folder in either layout, or a GGUF file) as trainer parameters, to fine-tune it
 * (SFT) or align it (DPO). Float tensors are taken as they are: bf16 master weights are the latents. A packed
 * BitLinear has no latents, only t and its scale s; it becomes t · s / f, f the share of non-zero t, which the
 * trainer's absmean quantization maps back to the same t and to the scale s (up to float rounding), so the
 * imported model computes what the packed one does.
 */
public final class ModelImport {
    private ModelImport() {}

    public static Params read(Path model) {
        try (Checkpoint ckpt = Checkpoint.open(model)) {
            ModelConfig config = ModelConfig.fromJson(ckpt.config(), ckpt.configSource());
            Params params = Params.zeros(config);
            for (Param p : params.all()) {
                Tensor t = ckpt.get(p.name());
                Optional<Tensor> scale = ckpt.find(p.name() + "_scale");
                if (p.kind() == Param.Kind.LINEAR && scale.isPresent()) {
                    // the engine's own checks: U8 [rows/4, cols], one positive scale, no code 3
                    TernaryMatrix m = TernaryMatrix.fromPacked(p.name(), t, scale.get(), p.shape()[0], p.shape()[1]);
                    m.checkCodes(t.where());
                    latents(p, m);
                } else {
                    long[] shape = java.util.Arrays.stream(p.shape()).asLongStream().toArray();
                    t.requireFloat().requireShape(shape);
                    for (int i = 0; i < p.size(); i++) p.value()[i] = t.getFloat(i);
                }
            }
            return params;
        }
    }

    private static void latents(Param p, TernaryMatrix m) {
        byte[] t = TernaryPacking.unpack(m.packed(), m.rows(), m.cols());
        float magnitude = TernaryPacking.masterMagnitude(t, m.scale());
        for (int i = 0; i < t.length; i++) p.value()[i] = t[i] * magnitude;
    }
}
