package dev.bitnet4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bitnet4j.BitNetException;
import dev.bitnet4j.format.Json;
import dev.bitnet4j.model.ModelShape;
import dev.bitnet4j.tokenizer.Tokenizer;
import dev.bitnet4j.train.data.DataPreparer;
import dev.bitnet4j.train.loop.StepResult;
import dev.bitnet4j.train.loop.TrainOptions;
import dev.bitnet4j.train.loop.TrainingRun;
import dev.bitnet4j.train.nn.Matmul;
import dev.bitnet4j.train.optim.Schedule;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Pretrain a BitNet b1.58 model (ternary BitLinear fake quantization, straight-through gradients, fp32 latent"
                + " weights) with AdamW, linear warmup, the two-stage LR of the 2B4T recipe and its weight-decay schedule.",
                "Writes OUT/ (the packed model, loadable by generate), OUT/bf16/ (the master weights), the tokenizer files, "
                        + "OUT/losses.csv (plotted in OUT/losses.png), OUT/training.json and, every --checkpoint-every steps, OUT/checkpoint/ for --resume.",
                "Defaults follow training.md (the 700M pair 1.5e-3 -> 1e-3, weight decay 0.1, clip 1.0) scaled for short runs; "
                        + "progress is printed as plain lines on stderr."})
final class TrainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @ArgGroup(multiplicity = "0..1")
    Model model;

    static final class Model {
        @Option(names = "--shape", description = "H,I,L,HEADS,KV (the vocabulary is the tokenizer's), or H,I,L,HEADS,KV,VOCAB.")
        String shape;

        @Option(names = "--config", description = "A config.json giving the model's shape instead of --shape.")
        Path config;
    }

    @Option(names = "--tokenizer", required = true, description = "The tokenizer folder the data was prepared with.")
    Path tokenizer;

    @Option(names = "--data", required = true, description = "The token file written by prepare-data.")
    Path data;

    @Option(names = "--out", required = true, description = "The output folder (new or empty; with --resume, the interrupted run's).")
    Path out;

    @Option(names = "--steps", description = "Optimizer steps (required unless --resume).")
    Long steps;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of the initial weights and of every batch (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--batch", defaultValue = "8", description = "Sequences per micro-batch (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--context", defaultValue = "256", description = "Tokens per sequence (default: ${DEFAULT-VALUE}).")
    int context;

    @Option(names = "--accum", defaultValue = "1", description = "Micro-batches per step, gradients averaged (default: ${DEFAULT-VALUE}).")
    int accum;

    @Option(names = "--lr", defaultValue = "1.5e-3", description = "Stage-1 peak learning rate (default: ${DEFAULT-VALUE}).")
    double lr;

    @Option(names = "--lr2", defaultValue = "1e-3", description = "Stage-2 peak learning rate (default: ${DEFAULT-VALUE}).")
    double lr2;

    @Option(names = "--warmup", description = "Warmup steps (default: 375, or a tenth of --steps when that is fewer).")
    Long warmup;

    @Option(names = "--cooldown-start", description = "The step where stage 2 starts (default: half of --steps).")
    Long cooldownStart;

    @Option(names = "--min-lr", defaultValue = "0", description = "Learning rate of the last step (default: ${DEFAULT-VALUE}).")
    double minLr;

    @Option(names = "--weight-decay", defaultValue = "0.1", description = "Stage-1 peak weight decay; 0 in stage 2 (default: ${DEFAULT-VALUE}).")
    double weightDecay;

    @Option(names = "--clip", defaultValue = "1.0", description = "Maximum global gradient norm, 0 for none (default: ${DEFAULT-VALUE}).")
    double clip;

    @Option(names = "--eval-every", defaultValue = "100", description = "Steps between validation losses, 0 for none (default: ${DEFAULT-VALUE}).")
    int evalEvery;

    @Option(names = "--eval-batches", defaultValue = "8", description = "Validation batches per evaluation (default: ${DEFAULT-VALUE}).")
    int evalBatches;

    @Option(names = "--checkpoint-every", defaultValue = "200", description = "Steps between checkpoints, 0 for none (default: ${DEFAULT-VALUE}).")
    int checkpointEvery;

    @Option(names = "--full-precision", description = "Train without quantization (the full-precision baseline).")
    boolean fullPrecision;

    @Option(names = "--resume", description = "Continue the run in --out from its checkpoint, with its stored settings (the other training flags are ignored).")
    boolean resume;

    @Option(names = {"-t", "--threads"}, description = "Threads for the matrix products (default: all ${sys:bitnet4j.cores} cores).")
    Integer threads;

    @Option(names = "--reference-kernels", description = "The plain scalar kernels on one thread, which the vector kernels are tested against (slow; for checking a result).")
    boolean referenceKernels;

    @Override
    public Integer call() {
        DataPreparer.tokenizerFile(tokenizer);           // a missing tokenizer is the first error, not a later one
        ObjectNode config = null;
        TrainOptions options = null;
        if (!resume) {
            if (steps == null) throw new BitNetException("--steps is required (unless --resume)");
            if (model == null) throw new BitNetException("give the model's shape with --shape H,I,L,HEADS,KV or --config config.json");
            config = TrainingRun.modelConfig(baseConfig(), tokenizer);
            long w = warmup != null ? warmup : Math.min(375, steps / 10);
            long c = cooldownStart != null ? cooldownStart : Math.max(w, Schedule.halfway(steps));
            options = new TrainOptions(batch, context, accum, steps, seed, lr, lr2, w, c, minLr, weightDecay, clip, evalEvery,
                    evalBatches, checkpointEvery, fullPrecision);
        }
        int n = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        if (n < 1 || n > 1024) throw new BitNetException("--threads must be between 1 and 1024, found " + n);
        Supplier<Matmul> matmul = referenceKernels ? Matmul::scalar : () -> Matmul.vector(n);
        long t0 = System.nanoTime();
        StepResult last = new TrainingRun(config, options, tokenizer, data, out, resume, matmul).run(spec.commandLine().getErr());
        spec.commandLine().getErr().printf(Locale.ROOT, "wrote %s in %.1f s%s%n", out, (System.nanoTime() - t0) / 1e9,
                last == null ? " (nothing left to train)" : String.format(Locale.ROOT, "; last train loss %.4f", last.trainLoss()));
        return 0;
    }

    private ObjectNode baseConfig() {
        if (model.config != null) {
            JsonNode json = Json.read(model.config);
            if (!(json instanceof ObjectNode o)) throw new BitNetException(model.config + ": not a JSON object");
            return o;
        }
        String s = model.shape.strip();
        if (s.split(",", -1).length == 5) s += "," + Tokenizer.load(DataPreparer.tokenizerFile(tokenizer)).size();
        return ModelShape.parse(s).config(false);
    }
}
