package dev.bitnet4j.cli;

import dev.bitnet4j.train.dpo.DpoRecipe;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

@Command(name = "dpo", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Direct preference optimization of a ternary model on JSONL {\"prompt\", \"chosen\", \"rejected\"}, against a "
                + "frozen copy of the starting model as the reference (the 2B4T recipe: after SFT, beta 0.1). Each response is the "
                + "assistant turn of a conversation rendered with the model's chat template; its log-probability is summed over its tokens.",
                "Logs the DPO loss, the reward margin, the preference accuracy and the likelihood accuracy (chosen more likely than "
                        + "rejected), on the training batches and the held-out pairs, before and after. Writes OUT/ like train does."})
final class DpoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    FineTuneOptions fineTune;

    @Option(names = "--beta", defaultValue = "0.1", description = "The DPO temperature beta (default: ${DEFAULT-VALUE}).")
    double beta;

    @Mixin
    RunOptions run;

    @Override
    public Integer call() {
        fineTune.run(run, 1e-4, start -> new DpoRecipe(start, fineTune.data, fineTune.val, beta), spec.commandLine().getErr());
        return 0;
    }
}
