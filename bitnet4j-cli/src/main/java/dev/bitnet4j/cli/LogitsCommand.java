package dev.bitnet4j.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.bitnet4j.format.Json;
import dev.bitnet4j.model.BitNetModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "logits", mixinStandardHelpOptions = true,
        description = "Print the logits of every position of a prompt (one batched forward pass).")
final class LogitsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ModelOption model;

    @Option(names = "--prompt-ids", required = true, converter = TokenIds.Converter.class,
            description = "The prompt as comma-separated token ids (no BOS is added), e.g. 1,5,9.")
    TokenIds promptIds;

    @Option(names = "--json", description = "Print {\"logits\": [[...], ...]}, one row per position.")
    boolean json;

    @Option(names = "--top", defaultValue = "5", description = "Without --json: how many of the best tokens to show per position (default: ${DEFAULT-VALUE}).")
    int top;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        int[] promptIds = this.promptIds.ids();
        try (BitNetModel m = model.load()) {
            int v = m.config().vocabSize();
            if (promptIds.length > m.config().maxPositions()) {
                throw new dev.bitnet4j.BitNetException("the prompt has " + promptIds.length
                        + " tokens but the model's context holds " + m.config().maxPositions());
            }
            float[] logits = m.forward(promptIds, m.newCache(promptIds.length), true);
            if (json) {
                try (JsonGenerator g = Json.MAPPER.getFactory().createGenerator(out)) {
                    g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
                    g.writeStartObject();
                    g.writeArrayFieldStart("logits");
                    for (int t = 0; t < promptIds.length; t++) {
                        g.writeStartArray();
                        for (int i = 0; i < v; i++) g.writeNumber(logits[t * v + i]);
                        g.writeEndArray();
                    }
                    g.writeEndArray();
                    g.writeEndObject();
                }
                out.println();
            } else {
                for (int t = 0; t < promptIds.length; t++) out.println(describe(t, promptIds[t], logits, t * v, v));
            }
            out.flush();
            return 0;
        }
    }

    private String describe(int pos, int token, float[] logits, int off, int v) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "pos %d (token %d):", pos, token));
        boolean[] taken = new boolean[v];
        for (int k = 0; k < Math.min(top, v); k++) {
            int best = -1;
            for (int i = 0; i < v; i++) if (!taken[i] && (best < 0 || logits[off + i] > logits[off + best])) best = i;
            taken[best] = true;
            sb.append(String.format(Locale.ROOT, " %d=%.4f", best, logits[off + best]));
        }
        return sb.toString();
    }
}
