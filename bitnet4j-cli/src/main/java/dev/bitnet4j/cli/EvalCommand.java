package dev.bitnet4j.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bitnet4j.BitNetException;
import dev.bitnet4j.ModelAssets;
import dev.bitnet4j.format.Json;
import dev.bitnet4j.model.BitNetModel;
import dev.bitnet4j.tokenizer.Tokenizer;
import dev.bitnet4j.train.data.TokenFile;
import dev.bitnet4j.train.data.TokenSplit;
import dev.bitnet4j.train.eval.MultipleChoice;
import dev.bitnet4j.train.eval.Perplexity;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "eval", mixinStandardHelpOptions = true,
        description = {"Evaluate a model: perplexity on a token file (from prepare-data), or multiple-choice accuracy",
                "by log-likelihood on JSONL records {\"context\", \"choices\", \"gold\"} (lm-evaluation-harness style)."})
final class EvalCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ModelOption model;

    @ArgGroup(multiplicity = "1")
    What what;

    static final class What {
        @Option(names = "--data", paramLabel = "FILE", description = "Token file from prepare-data: prints the perplexity of its validation split.")
        Path data;

        @Option(names = "--tasks", paramLabel = "FILE.jsonl", description = "Multiple-choice records: prints acc and acc_norm.")
        Path tasks;
    }

    @Option(names = "--split", defaultValue = "val", description = "With --data: val or train (default: ${DEFAULT-VALUE}).")
    String split;

    @Option(names = "--context", defaultValue = "512", description = "With --data: tokens per window (default: ${DEFAULT-VALUE}, capped at the model's maximum).")
    int context;

    @Option(names = "--max-tokens", defaultValue = "1000000", description = "With --data: score at most this many tokens (default: ${DEFAULT-VALUE}).")
    long maxTokens;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (BitNetModel m = model.load()) {
            ObjectNode result = Json.MAPPER.createObjectNode();
            if (what.data != null) {
                try (TokenFile f = TokenFile.open(what.data)) {
                    ModelAssets.tokenizerFolder(model.path).ifPresent(f::requireTokenizer);
                    TokenSplit s = switch (split.toLowerCase(Locale.ROOT)) {
                        case "val", "validation" -> f.validation();
                        case "train" -> f.train();
                        default -> throw new BitNetException("--split must be val or train, found '" + split + "'");
                    };
                    Perplexity.Result r = Perplexity.of(m, s, context, maxTokens);
                    result.put("perplexity", r.perplexity()).put("tokens", r.tokens()).put("mean_loss", r.meanLoss());
                }
            } else {
                Tokenizer tokenizer = ModelAssets.tokenizer(model.path).orElseThrow(() ->
                        new BitNetException(model.path + ": --tasks needs a tokenizer, and the model has none"));
                MultipleChoice.Result r = MultipleChoice.score(m, tokenizer, MultipleChoice.read(what.tasks));
                result.put("acc", r.acc()).put("acc_norm", r.accNorm()).put("records", r.records());
            }
            if (json) {
                out.println(result);
            } else {
                result.fields().forEachRemaining(e -> out.println(e.getKey() + ": " + e.getValue()));
            }
        }
        out.flush();
        return 0;
    }
}
