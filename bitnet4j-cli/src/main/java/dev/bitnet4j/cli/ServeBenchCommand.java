package dev.bitnet4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bitnet4j.format.Json;
import dev.bitnet4j.model.BitNetModel;
import dev.bitnet4j.server.BitNetServer;
import dev.bitnet4j.server.ServerConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;

/**
 * A benchmark, not a test: what continuous batching buys. Starts the server on the model (batch as
 * wide as the most streams asked for), then for each stream count sends that many greedy completions at
 * once over HTTP and reports the total tokens per second, wall clock from the first request to the
 * last answer (prompt passes and HTTP included).
 */
@Command(name = "serve-bench", mixinStandardHelpOptions = true,
        description = "Total tokens/s of the OpenAI server for 1, 2, 4 and 8 concurrent requests (the model needs a tokenizer.json).")
final class ServeBenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ModelOption model;

    @Option(names = "--streams", paramLabel = "N[,N...]", defaultValue = "1,2,4,8", converter = PositiveInts.Counts.class,
            description = "Concurrent requests per run (default: ${DEFAULT-VALUE}).")
    PositiveInts streams;

    @Option(names = {"-n", "--n-gen"}, defaultValue = "64", description = "max_tokens of each request (default: ${DEFAULT-VALUE}).")
    int tokens;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        int widest = Arrays.stream(streams.values()).max().orElseThrow();
        try (BitNetModel m = model.load();
             BitNetServer server = BitNetServer.start(m, new ServerConfig(ServerConfig.DEFAULT_HOST, 0, null, widest, 1024))) {
            HttpClient client = HttpClient.newHttpClient();
            run(client, server, 1);   // warm-up: JIT and tile cache, not reported
            out.println("streams  tokens  seconds  total tok/s  tok/s per stream");
            for (int n : streams.values()) {
                long t0 = System.nanoTime();
                int generated = run(client, server, n);
                double s = (System.nanoTime() - t0) / 1e9;
                out.println(String.format(Locale.ROOT, "%7d  %6d  %7.2f  %11.1f  %16.1f", n, generated, s, generated / s, generated / s / n));
                out.flush();
            }
        }
        return 0;
    }

    /** n concurrent completions with distinct prompts; returns the tokens generated in all. */
    private int run(HttpClient client, BitNetServer server, int n) throws Exception {
        List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String body = "{\"prompt\": \"Story " + i + ": once upon a time\", \"temperature\": 0, \"max_tokens\": " + tokens + "}";
            HttpRequest r = HttpRequest.newBuilder(URI.create(server.url() + "/v1/completions"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
            answers.add(client.sendAsync(r, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)));
        }
        int total = 0;
        for (CompletableFuture<HttpResponse<String>> a : answers) {
            HttpResponse<String> r = a.get();
            if (r.statusCode() != 200) throw new IllegalStateException("HTTP " + r.statusCode() + ": " + r.body());
            JsonNode usage = Json.parse(r.body().getBytes(StandardCharsets.UTF_8), "response").get("usage");
            total += usage.get("completion_tokens").asInt();
        }
        return total;
    }
}
