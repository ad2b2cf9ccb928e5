package dev.bitnet4j.train.loop;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bitnet4j.BitNetException;
import dev.bitnet4j.format.Json;
import dev.bitnet4j.format.SafetensorsFile;
import dev.bitnet4j.format.SafetensorsWriter;
import dev.bitnet4j.format.SafetensorsWriter.TensorSpec;
import dev.bitnet4j.model.ModelConfig;
import dev.bitnet4j.tensor.DType;
import dev.bitnet4j.tensor.Tensor;
import dev.bitnet4j.train.nn.Param;
import dev.bitnet4j.train.nn.Params;
import dev.bitnet4j.train.optim.AdamW;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The state a run resumes from, in one safetensors file written atomically (SafetensorsWriter goes through
 * AtomicFile: temporary file, fsync, rename), so a crash at any moment leaves either the previous checkpoint or
 * the new one, whole. Tensors: {@code param/NAME}, {@code adam_m/NAME}, {@code adam_v/NAME} in float32; metadata:
 * the step to take next, the optimizer's step count, the options, the model's config.json and the recipe (its kind
 * and settings). There is no random state to keep: every batch is a function of (seed, step).
 *
 * @param nextStep the step a resumed run takes first
 * @param config   the model's config.json (as the export writes it)
 * @param recipe   {@code {"kind": ..., "settings": {...}}} of the run ({@link Recipe})
 */
public record Checkpoint(long nextStep, TrainOptions options, ObjectNode config, ObjectNode recipe, Params params, AdamW optimizer) {
    public static final String FILE = "checkpoint.safetensors";
    static final String FORMAT = "bitnet4j-train-checkpoint-2";

    /** The checkpoint file inside a run's output folder. */
    public static Path file(Path outDir) {
        return outDir.resolve("checkpoint").resolve(FILE);
    }

    /** Writes the trainer's state (after its last step) to {@link #file}(outDir), replacing the previous one. */
    public static void write(Path outDir, Trainer trainer, ObjectNode config, ObjectNode recipe) {
        Path target = file(outDir);
        try {
            Files.createDirectories(target.getParent());
        } catch (java.io.IOException e) {
            throw new BitNetException(target.getParent() + ": cannot create the checkpoint folder (" + e.getMessage() + ")", e);
        }
        Params params = trainer.params();
        AdamW adam = trainer.optimizer();
        Map<String, float[]> tensors = new LinkedHashMap<>();
        for (Param p : params.all()) {
            tensors.put("param/" + p.name(), p.value());
            tensors.put("adam_m/" + p.name(), adam.firstMoment(p.name()));
            tensors.put("adam_v/" + p.name(), adam.secondMoment(p.name()));
        }
        List<TensorSpec> specs = new ArrayList<>();
        tensors.forEach((name, v) -> specs.add(new TensorSpec(name, DType.F32, new long[]{v.length})));
        Map<String, String> meta = Map.of("format", FORMAT, "next_step", Long.toString(trainer.nextStep()),
                "adam_steps", Long.toString(adam.steps()), "options", json(trainer.options()), "config", json(config),
                "recipe", json(recipe));
        try (SafetensorsWriter w = SafetensorsWriter.create(target, specs, meta)) {
            tensors.forEach((name, v) -> w.write(name, sink -> {
                for (float f : v) sink.putFloat(f);
            }));
        }
    }

    /**
     * Reads {@link #file}(outDir).
     *
     * @throws BitNetException when it is missing, not a checkpoint of this format, or lacks a tensor
     */
    public static Checkpoint read(Path outDir) {
        Path path = file(outDir);
        if (!Files.isRegularFile(path)) throw new BitNetException(path + ": no checkpoint to resume from");
        try (SafetensorsFile f = SafetensorsFile.open(path)) {
            Map<String, String> meta = f.metadata();
            if (!FORMAT.equals(meta.get("format"))) {
                throw new BitNetException(path + ": not a bitnet4j training checkpoint (format " + meta.get("format") + ", expected " + FORMAT + ")");
            }
            ObjectNode config = object(required(meta, "config", path), path + " config");
            ObjectNode recipe = object(required(meta, "recipe", path), path + " recipe");
            TrainOptions options = Json.MAPPER.readValue(required(meta, "options", path), TrainOptions.class);
            Params params = Params.zeros(ModelConfig.fromJson(config, path + " config"));
            AdamW adam = new AdamW(params);
            for (Param p : params.all()) {
                fill(f, path, "param/" + p.name(), p.value());
                fill(f, path, "adam_m/" + p.name(), adam.firstMoment(p.name()));
                fill(f, path, "adam_v/" + p.name(), adam.secondMoment(p.name()));
            }
            adam.restoreSteps(Long.parseLong(required(meta, "adam_steps", path)));
            return new Checkpoint(Long.parseLong(required(meta, "next_step", path)), options, config, recipe, params, adam);
        } catch (JsonProcessingException | RuntimeException e) {
            if (e instanceof BitNetException b) throw b;
            throw new BitNetException(path + ": malformed checkpoint metadata (" + e.getMessage() + ")", e);
        }
    }

    private static ObjectNode object(String json, String where) {
        if (!(Json.parse(json.getBytes(java.nio.charset.StandardCharsets.UTF_8), where) instanceof ObjectNode o)) {
            throw new BitNetException(where + ": not a JSON object");
        }
        return o;
    }

    private static String required(Map<String, String> meta, String key, Path path) {
        String v = meta.get(key);
        if (v == null) throw new BitNetException(path + ": the checkpoint's metadata lacks " + key);
        return v;
    }

    private static void fill(SafetensorsFile f, Path path, String name, float[] into) {
        Tensor t = f.tensors().get(name);
        if (t == null) throw new BitNetException(path + ": the checkpoint lacks tensor " + name);
        t.requireDType(DType.F32).requireShape(into.length);
        for (int i = 0; i < into.length; i++) into[i] = t.getFloat(i);
    }

    private static String json(Object value) {
        try {
            return Json.MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + value, e);
        }
    }
}
