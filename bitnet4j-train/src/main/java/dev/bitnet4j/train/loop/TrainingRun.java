package dev.bitnet4j.train.loop;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bitnet4j.BitNetException;
import dev.bitnet4j.format.AtomicFile;
import dev.bitnet4j.format.Json;
import dev.bitnet4j.format.OutputFolder;
import dev.bitnet4j.model.ModelConfig;
import dev.bitnet4j.tokenizer.Tokenizer;
import dev.bitnet4j.train.data.DataPreparer;
import dev.bitnet4j.train.data.TokenFile;
import dev.bitnet4j.train.export.ModelExport;
import dev.bitnet4j.train.nn.Matmul;
import dev.bitnet4j.train.nn.Params;
import dev.bitnet4j.train.optim.AdamW;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

/**
 * A whole pretraining run into an output folder: the {@link Trainer}'s steps with losses.csv, progress lines and,
 * every checkpointEvery steps, a {@link Checkpoint} (in OUT/checkpoint/) and losses.png brought up to date; then
 * the model exported as the engine loads it: OUT/ the packed model (config.json, model.safetensors), OUT/bf16/ the
 * latent master weights, each with the tokenizer files, and OUT/training.json recording the options and model
 * config used.
 *
 * @param config    the model's config.json (vocab_size the tokenizer's; see {@link #modelConfig}); ignored on resume
 * @param options   the hyper-parameters; ignored on resume, where the checkpoint's are used
 * @param tokenizer the tokenizer folder the data was prepared with
 * @param data      the token file (from prepare-data)
 * @param out       the output folder: new or empty, or on resume the folder of the interrupted run
 * @param matmul    makes the matmul kernels (closed at the end)
 */
public record TrainingRun(ObjectNode config, TrainOptions options, Path tokenizer, Path data, Path out, boolean resume,
                          Supplier<Matmul> matmul) {
    /** Files copied from the tokenizer folder into the exported model folders, those present. */
    static final List<String> TOKENIZER_FILES = List.of(Tokenizer.FILE, "tokenizer_config.json", "special_tokens_map.json");
    public static final String BF16_FOLDER = "bf16", RECORD = "training.json";

    /**
     * {@code base} (a config.json, e.g. ModelShape.config) with the tokenizer's vocabulary size and BOS/EOS ids.
     *
     * @throws BitNetException when base names another vocabulary size than the tokenizer's
     */
    public static ObjectNode modelConfig(ObjectNode base, Path tokenizerFolder) {
        Tokenizer tok = Tokenizer.load(DataPreparer.tokenizerFile(tokenizerFolder));
        ObjectNode c = base.deepCopy();
        if (c.has("vocab_size") && c.get("vocab_size").asInt() != tok.size()) {
            throw new BitNetException("the model config's vocab_size " + c.get("vocab_size").asInt() + " differs from the tokenizer's "
                    + tok.size() + " (" + tokenizerFolder + ")");
        }
        c.put("vocab_size", tok.size());
        tok.bosId().ifPresent(id -> c.put("bos_token_id", id));
        if (!tok.eosIds().isEmpty()) {
            c.remove("eos_token_id");
            if (tok.eosIds().size() == 1) c.put("eos_token_id", tok.eosIds().getFirst());
            else tok.eosIds().forEach(c.putArray("eos_token_id")::add);
        }
        ModelConfig.fromJson(c, "the model config");      // a bad shape fails here, before any work
        return c;
    }

    /** Trains (or resumes) to the last step and exports; returns the last step's result. */
    public StepResult run(PrintWriter progressOut) {
        try (TokenFile tokens = TokenFile.open(data); Matmul mm = matmul.get()) {
            tokens.requireTokenizer(tokenizer);
            Checkpoint cp = resume ? Checkpoint.read(out) : null;
            Trainer trainer = cp != null ? resumed(cp, tokens, mm) : fresh(tokens, mm);
            ObjectNode cfg = cp != null ? cp.config() : config;
            TrainOptions o = trainer.options();
            writeRecord(cfg, o, null);
            Progress progress = new Progress(progressOut, o.steps(), trainer.nextStep(), o.tokensPerStep(), 5);
            StepResult last = null;
            long trainNanos = 0, stepsTaken = 0;
            try (LossLog log = LossLog.open(out, trainer.nextStep())) {
                while (!trainer.done()) {
                    long t0 = System.nanoTime();
                    last = trainer.step();
                    long stepNanos = System.nanoTime() - t0;
                    trainNanos += stepNanos;
                    stepsTaken++;
                    double tokensPerSecond = o.tokensPerStep() / (stepNanos / 1e9);
                    if (trainer.evaluatesAfter(last.step())) last = last.withValLoss(trainer.validationLoss());
                    log.append(last, tokensPerSecond);
                    progress.report(last);
                    if (o.checkpointEvery() > 0 && trainer.nextStep() % o.checkpointEvery() == 0 && !trainer.done()) {
                        Checkpoint.write(out, trainer, cfg);
                        LossPlot.write(out);
                    }
                }
            }
            LossPlot.write(out);
            export(trainer.params());
            if (stepsTaken > 0) {
                writeRecord(cfg, o, throughput(cfg, o, stepsTaken * o.tokensPerStep() / (trainNanos / 1e9), mm.threads(), progressOut));
            }
            return last;
        }
    }

    private Trainer fresh(TokenFile tokens, Matmul mm) {
        if (Files.exists(Checkpoint.file(out))) {
            throw new BitNetException(out + ": holds a checkpoint of an earlier run; pass --resume to continue it, or choose a new folder");
        }
        OutputFolder.prepare(out, false);
        ModelConfig c = ModelConfig.fromJson(config, "the model config");
        requireVocabulary(c.vocabSize(), tokens);
        Params params = Params.init(c, options.seed(), Params.INIT_STD);
        return new Trainer(params, new AdamW(params), 0, options, tokens, mm);
    }

    private static Trainer resumed(Checkpoint cp, TokenFile tokens, Matmul mm) {
        requireVocabulary(cp.params().config().vocabSize(), tokens);
        return new Trainer(cp.params(), cp.optimizer(), cp.nextStep(), cp.options(), tokens, mm);
    }

    private static void requireVocabulary(int modelVocab, TokenFile tokens) {
        if (modelVocab != tokens.header().vocabSize()) {
            throw new BitNetException(tokens.path() + ": its vocabulary has " + tokens.header().vocabSize() + " ids but the model's has " + modelVocab);
        }
    }

    private void export(Params params) {
        ModelExport.write(params, ModelExport.Layout.PACKED, out, true);
        ModelExport.write(params, ModelExport.Layout.BF16, out.resolve(BF16_FOLDER), true);
        for (Path dir : List.of(out, out.resolve(BF16_FOLDER))) copyTokenizer(dir);
    }

    private void copyTokenizer(Path dir) {
        Path from = Files.isDirectory(tokenizer) ? tokenizer : tokenizer.toAbsolutePath().getParent();
        for (String name : TOKENIZER_FILES) {
            Path src = from.resolve(name);
            if (!Files.isRegularFile(src)) continue;
            try {
                AtomicFile.write(dir.resolve(name), Files.readAllBytes(src));
            } catch (IOException e) {
                throw new BitNetException(src + ": cannot copy into " + dir + " (" + e.getMessage() + ")", e);
            }
        }
    }

    /**
     * Tokens/s of the training steps (validation and checkpoints excluded) and the FLOP/s they mean, against the
     * FMA peak of the same threads measured now ({@link Throughput}); printed and kept in training.json.
     */
    private static ObjectNode throughput(ObjectNode cfg, TrainOptions o, double tokensPerSecond, int threads, PrintWriter log) {
        double flops = tokensPerSecond * Throughput.flopsPerToken(ModelConfig.fromJson(cfg, "the model config"), o.context());
        double peak = Throughput.fmaPeak(threads, 300);
        log.printf(java.util.Locale.ROOT, "throughput: %,.0f tokens/s = %.2f GFLOP/s, %.1f%% of the FMA peak (%.1f GFLOP/s on %d thread%s, measured now)%n",
                tokensPerSecond, flops / 1e9, 100 * flops / peak, peak / 1e9, threads, threads == 1 ? "" : "s");
        log.flush();
        return Json.MAPPER.createObjectNode().put("tokens_per_s", tokensPerSecond).put("flop_per_s", flops)
                .put("fma_peak_flop_per_s", peak).put("threads", threads);
    }

    private void writeRecord(ObjectNode cfg, TrainOptions o, ObjectNode throughput) {
        ObjectNode record = Json.MAPPER.createObjectNode();
        if (throughput != null) record.set("throughput", throughput);
        record.set("options", Json.MAPPER.valueToTree(o));
        record.set("config", cfg);
        record.put("tokenizer", tokenizer.toAbsolutePath().toString());
        record.put("data", data.toAbsolutePath().toString());
        try {
            AtomicFile.write(out.resolve(RECORD), Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(record));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + RECORD, e);
        }
    }
}
