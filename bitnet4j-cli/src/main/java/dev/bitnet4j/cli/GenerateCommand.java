package dev.bitnet4j.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bitnet4j.ModelAssets;
import dev.bitnet4j.format.Json;
import dev.bitnet4j.generate.GenerateRequest;
import dev.bitnet4j.generate.GenerateResult;
import dev.bitnet4j.generate.Generator;
import dev.bitnet4j.model.BitNetModel;
import dev.bitnet4j.tokenizer.Tokenizer;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Generate a continuation of a prompt (text or token ids), streaming it to stdout.")
final class GenerateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ModelOption model;

    static final class Prompt {
        @Option(names = {"-p", "--prompt"}, required = true,
                description = "The prompt as text; it is encoded with BOS, and special-token strings in it stay plain text.")
        String text;

        @Option(names = "--prompt-ids", required = true, converter = TokenIds.Converter.class,
                description = "The prompt as comma-separated token ids (no BOS is added), e.g. 1,5,9.")
        TokenIds ids;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Prompt prompt;

    @Option(names = {"-n", "--max-tokens"}, defaultValue = "128", description = "Most tokens to generate (default: ${DEFAULT-VALUE}).")
    int maxTokens;

    @Option(names = {"-c", "--ctx-size"}, defaultValue = "0", description = "Context size in tokens; 0 = the model's maximum.")
    int ctxSize;

    @Option(names = "--stop", description = "Stop when the output contains this text (repeatable; needs a tokenizer).")
    List<String> stop = new ArrayList<>();

    @Option(names = "--ignore-eos", description = "Keep generating past the end-of-sequence token.")
    boolean ignoreEos;

    @Option(names = "--json", description = "Print one JSON object (ids, text, finish_reason, usage, timings) instead of streaming.")
    boolean json;

    @Mixin
    SamplingOptions sampling;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        long t0 = System.nanoTime();
        try (BitNetModel m = model.load()) {
            double loadMs = (System.nanoTime() - t0) / 1e6;
            Tokenizer tokenizer = ModelAssets.tokenizer(model.path).orElse(null);
            int[] ids = prompt.ids != null ? prompt.ids.ids() : encode(prompt.text, tokenizer);
            GenerateRequest request = new GenerateRequest(ids, maxTokens, sampling.toParams(), stop, ignoreEos);
            int ctx = ctxSize > 0 ? ctxSize : m.config().maxPositions();
            Generator generator = new Generator(m, tokenizer, ctx);
            GenerateResult r = generator.generate(request, json ? (id, text) -> {} : new Generator.TokenListener() {
                @Override
                public void onToken(int id, String text) {
                    out.print(text != null ? text : id + " ");
                    out.flush();
                }

                @Override
                public void onTail(String text) {
                    out.print(text);
                }
            });
            if (json) {
                out.println(toJson(r, loadMs));
            } else {
                out.println();
                err.printf(Locale.ROOT, "load: %.0f ms; prompt: %d tokens, %.1f tokens/s; generated: %d tokens, %.1f tokens/s; finish: %s%n",
                        loadMs, r.promptTokens(), r.prefillTokensPerSecond(), r.ids().length, r.decodeTokensPerSecond(),
                        r.finishReason().openAiName());
            }
            out.flush();
            return 0;
        }
    }

    private int[] encode(String text, Tokenizer tokenizer) {
        if (tokenizer == null) {
            throw new dev.bitnet4j.BitNetException("--prompt needs a tokenizer, and " + model.path + " has no "
                    + Tokenizer.FILE + "; give --prompt-ids instead");
        }
        return tokenizer.encodePrompt(text);
    }

    static String toJson(GenerateResult r, double loadMs) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        var ids = o.putArray("ids");
        for (int id : r.ids()) ids.add(id);
        if (r.text() != null) o.put("text", r.text());
        o.put("finish_reason", r.finishReason().openAiName());
        ObjectNode usage = o.putObject("usage");
        usage.put("prompt_tokens", r.promptTokens());
        usage.put("completion_tokens", r.ids().length);
        ObjectNode timings = o.putObject("timings");
        timings.put("load_ms", loadMs);
        timings.put("prompt_ms", r.prefillNanos() / 1e6);
        timings.put("prompt_tokens_per_s", r.prefillTokensPerSecond());
        timings.put("decode_ms", r.decodeNanos() / 1e6);
        timings.put("decode_tokens_per_s", r.decodeTokensPerSecond());
        return o.toString();
    }
}
