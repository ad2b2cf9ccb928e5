package dev.bitnet4j.cli;

import dev.bitnet4j.BitNetException;
import dev.bitnet4j.train.nn.Reduction;
import dev.bitnet4j.train.sft.SftRecipe;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "sft", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Supervised fine-tuning of a ternary model on chat JSONL ({\"messages\": [{\"role\", \"content\"}, ...]}), each "
                + "conversation rendered with the model's chat template; the loss counts the assistant tokens only, summed over them "
                + "as the 2B4T report does (--loss mean to average).",
                "Starts from --model (a run's OUT/bf16 keeps its master weights; a packed folder or GGUF works too), with a warmup "
                        + "and a cosine from --lr to --min-lr. Writes OUT/ like train does; training.json holds the held-out loss "
                        + "(per assistant token) before and after."})
final class SftCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    FineTuneOptions fineTune;

    @Option(names = "--loss", defaultValue = "sum", description = "sum (the 2B4T report's) or mean over the assistant tokens (default: ${DEFAULT-VALUE}).")
    String loss;

    @Mixin
    RunOptions run;

    @Override
    public Integer call() {
        Reduction reduction = switch (loss.toLowerCase(Locale.ROOT)) {
            case "sum" -> Reduction.SUM;
            case "mean" -> Reduction.MEAN;
            default -> throw new BitNetException("--loss must be sum or mean, found '" + loss + "'");
        };
        fineTune.run(run, 3e-4, start -> new SftRecipe(start, fineTune.data, fineTune.val, reduction), spec.commandLine().getErr());
        return 0;
    }
}
