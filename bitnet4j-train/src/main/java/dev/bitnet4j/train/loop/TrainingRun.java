package dev.bitnet4j.train.loop;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bitnet4j.BitNetException;
import dev.bitnet4j.format.AtomicFile;
import dev.bitnet4j.format.Json;
import dev.bitnet4j.format.ModelConverter;
import dev.bitnet4j.format.OutputFolder;
import dev.bitnet4j.model.ModelConfig;
import dev.bitnet4j.train.export.ModelExport;
import dev.bitnet4j.train.nn.Matmul;
import dev.bitnet4j.train.nn.Params;
import dev.bitnet4j.train.optim.AdamW;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A whole training run (pretraining, SFT or DPO: the {@link Recipe}) into an output folder: the held-out metrics
 * before the first step, the {@link Trainer}'s steps with losses.csv, progress lines and, every checkpointEvery
 * steps, a {@link Checkpoint} (in OUT/checkpoint/) and losses.png brought up to date; then the model exported as
 * the engine loads it: OUT/ the packed model (config.json, model.safetensors), OUT/bf16/ the latent master
 * weights, each with the tokenizer files (and chat template), and OUT/training.json recording the recipe, options, model config,
 * held-out metrics before and after, and the throughput.
 *
 * @param options the hyper-parameters; ignored on resume, where the checkpoint's are used
 * @param out     the output folder: new or empty, or on resume the folder of the interrupted run
 * @param matmul  makes the matmul kernels (closed at the end)
 */
public record TrainingRun(Recipe recipe, TrainOptions options, Path out, boolean resume, Supplier<Matmul> matmul) {
    public static final String BF16_FOLDER = "bf16", RECORD = "training.json";

    /** {@link #run(PrintWriter, Function)} with progress as plain lines on {@code log}. */
    public StepResult run(PrintWriter log) {
        return run(log, run -> ProgressDisplay.lines(run, log));
    }

    /**
     * Trains (or resumes) to the last step and exports; returns the last step's result (null when none was left).
     * {@code log} gets the held-out metrics before training and the throughput; {@code display} shows the steps.
     */
    public StepResult run(PrintWriter progressOut, Function<ProgressDisplay.Run, ProgressDisplay> display) {
        try (recipe; Matmul mm = matmul.get()) {
            Checkpoint cp = resume ? Checkpoint.read(out) : null;
            ObjectNode kind = kindAndSettings();
            if (cp != null && !cp.recipe().equals(kind)) {
                throw new BitNetException(Checkpoint.file(out) + ": was written by a run with " + cp.recipe() + "; this one is " + kind
                        + ". Resume it with the command and settings that started it");
            }
            TrainOptions o = cp != null ? cp.options() : options;
            ObjectNode cfg = cp != null ? cp.config() : recipe.config();
            Params params = cp != null ? cp.params() : fresh(o);
            Trainer trainer = new Trainer(params, cp != null ? cp.optimizer() : new AdamW(params), cp != null ? cp.nextStep() : 0, o,
                    recipe.objective(params, o, mm));
            ObjectNode record = record(cfg, o);
            List<String> metrics = trainer.objective().metrics();
            if (cp == null && trainer.objective().hasValidation()) {
                double[] before = trainer.validate();
                record.set("val_before", named(metrics, before));
                progressOut.println("held-out before training: " + ProgressDisplay.metrics(metrics, before));
                progressOut.flush();
            } else if (cp != null) {
                previousRecord().ifPresent(r -> { if (r.has("val_before")) record.set("val_before", r.get("val_before")); });
            }
            writeRecord(record);
            StepResult last = null;
            long trainNanos = 0, stepsTaken = 0;
            try (LossLog log = LossLog.open(out, trainer.nextStep(), metrics);
                 ProgressDisplay progress = display.apply(new ProgressDisplay.Run(o.steps(), trainer.nextStep(), trainer.tokensPerStep(), metrics))) {
                while (!trainer.done()) {
                    long t0 = System.nanoTime();
                    last = trainer.step();
                    long stepNanos = System.nanoTime() - t0;
                    trainNanos += stepNanos;
                    stepsTaken++;
                    if (trainer.evaluatesAfter(last.step())) last = last.withVal(trainer.validate());
                    log.append(last, trainer.tokensPerStep() / (stepNanos / 1e9));
                    progress.report(last);
                    if (o.checkpointEvery() > 0 && trainer.nextStep() % o.checkpointEvery() == 0 && !trainer.done()) {
                        Checkpoint.write(out, trainer, cfg, kind);
                        LossPlot.write(out);
                    }
                }
            }
            LossPlot.write(out);
            export(trainer.params());
            if (last != null && last.val() != null) record.set("val_after", named(metrics, last.val()));
            if (stepsTaken > 0) {
                record.set("throughput", throughput(cfg, o, stepsTaken * trainer.tokensPerStep() / (trainNanos / 1e9), mm.threads(), progressOut));
            }
            writeRecord(record);
            return last;
        }
    }

    private Params fresh(TrainOptions o) {
        if (Files.exists(Checkpoint.file(out))) {
            throw new BitNetException(out + ": holds a checkpoint of an earlier run; pass --resume to continue it, or choose a new folder");
        }
        OutputFolder.prepare(out, false);
        return recipe.start(o);
    }

    private ObjectNode kindAndSettings() {
        ObjectNode k = Json.MAPPER.createObjectNode().put("kind", recipe.kind());
        k.set("settings", recipe.settings());
        return k;
    }

    private void export(Params params) {
        ModelExport.write(params, ModelExport.Layout.PACKED, out, true);
        ModelExport.write(params, ModelExport.Layout.BF16, out.resolve(BF16_FOLDER), true);
        for (Path dir : List.of(out, out.resolve(BF16_FOLDER))) ModelConverter.writeSideFiles(recipe.tokenizerSource(), dir);
    }

    /**
     * Tokens/s of the training steps (validation and checkpoints excluded) and the FLOP/s they mean, against the
     * FMA peak of the same threads measured now ({@link Throughput}); printed and kept in training.json.
     */
    private static ObjectNode throughput(ObjectNode cfg, TrainOptions o, double tokensPerSecond, int threads, PrintWriter log) {
        double flops = tokensPerSecond * Throughput.flopsPerToken(ModelConfig.fromJson(cfg, "the model config"), o.context());
        double peak = Throughput.fmaPeak(threads, 300);
        log.printf(Locale.ROOT, "throughput: %,.0f tokens/s = %.2f GFLOP/s, %.1f%% of the FMA peak (%.1f GFLOP/s on %d thread%s, measured now)%n",
                tokensPerSecond, flops / 1e9, 100 * flops / peak, peak / 1e9, threads, threads == 1 ? "" : "s");
        log.flush();
        return Json.MAPPER.createObjectNode().put("tokens_per_s", tokensPerSecond).put("flop_per_s", flops)
                .put("fma_peak_flop_per_s", peak).put("threads", threads);
    }

    private ObjectNode record(ObjectNode cfg, TrainOptions o) {
        ObjectNode record = Json.MAPPER.createObjectNode();
        record.put("kind", recipe.kind());
        record.set("settings", recipe.settings());
        record.set("options", Json.MAPPER.valueToTree(o));
        record.set("config", cfg);
        record.setAll(recipe.sources());
        return record;
    }

    private static ObjectNode named(List<String> names, double[] values) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        for (int i = 0; i < values.length; i++) o.put(names.get(i), values[i]);
        return o;
    }

    private java.util.Optional<ObjectNode> previousRecord() {
        Path p = out.resolve(RECORD);
        if (!Files.isRegularFile(p)) return java.util.Optional.empty();
        try {
            return Json.read(p) instanceof ObjectNode o ? java.util.Optional.of(o) : java.util.Optional.empty();
        } catch (BitNetException e) {
            return java.util.Optional.empty();      // a damaged record is rewritten; it holds nothing the run needs
        }
    }

    private void writeRecord(ObjectNode record) {
        try {
            AtomicFile.write(out.resolve(RECORD), Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(record));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + RECORD, e);
        }
    }
}
