package dev.bitnet4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bitnet4j.BitNetException;
import dev.bitnet4j.format.Json;
import dev.bitnet4j.model.ModelShape;
import dev.bitnet4j.tokenizer.Tokenizer;
import dev.bitnet4j.train.data.DataPreparer;
import dev.bitnet4j.train.loop.Pretraining;
import dev.bitnet4j.train.loop.TrainOptions;
import dev.bitnet4j.train.optim.Schedule;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Pretrain a BitNet b1.58 model (ternary BitLinear fake quantization, straight-through gradients, fp32 latent"
                + " weights) with AdamW, linear warmup, the two-stage LR of the 2B4T recipe and its weight-decay schedule.",
                "Writes OUT/ (the packed model, loadable by generate), OUT/bf16/ (the master weights), the tokenizer files, "
                        + "OUT/losses.csv (plotted in OUT/losses.png), OUT/training.json and, every --checkpoint-every steps, OUT/checkpoint/ for --resume.",
                "Defaults follow training.md (the 700M pair 1.5e-3 -> 1e-3, weight decay 0.1, clip 1.0) scaled for short runs; "
                        + "progress goes to stderr (see --progress). --resume needs the same --tokenizer and --data."})
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

    @Option(names = "--lr", defaultValue = "1.5e-3", description = "Stage-1 peak learning rate (default: ${DEFAULT-VALUE}).")
    double lr;

    @Option(names = "--lr2", defaultValue = "1e-3", description = "Stage-2 peak learning rate (default: ${DEFAULT-VALUE}).")
    double lr2;

    @Option(names = "--cooldown-start", description = "The step where stage 2 starts (default: half of --steps).")
    Long cooldownStart;

    @Option(names = "--weight-decay", defaultValue = "0.1", description = "Stage-1 peak weight decay; 0 in stage 2 (default: ${DEFAULT-VALUE}).")
    double weightDecay;

    @Option(names = "--full-precision", description = "Train without quantization (the full-precision baseline).")
    boolean fullPrecision;

    @Mixin
    RunOptions run;

    @Override
    public Integer call() {
        DataPreparer.tokenizerFile(tokenizer);           // a missing tokenizer is the first error, not a later one
        ObjectNode config = null;
        long half = run.steps == null ? 0 : Schedule.halfway(run.steps);
        TrainOptions options = run.options(lr, lr2, cooldownStart != null ? cooldownStart : half, weightDecay, fullPrecision);
        if (!run.resume) {
            if (model == null) throw new BitNetException("give the model's shape with --shape H,I,L,HEADS,KV or --config config.json");
            config = Pretraining.modelConfig(baseConfig(), tokenizer);
        }
        run.run(new Pretraining(config, tokenizer, data), options, spec.commandLine().getErr());
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
