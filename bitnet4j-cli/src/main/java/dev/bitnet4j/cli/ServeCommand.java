package dev.bitnet4j.cli;

import dev.bitnet4j.model.BitNetModel;
import dev.bitnet4j.server.BitNetServer;
import dev.bitnet4j.server.ServerConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Serve the model over an OpenAI-compatible HTTP API until stopped (Ctrl-C):",
                "POST /v1/chat/completions, POST /v1/completions (both with \"stream\": true), GET /v1/models, GET /health, GET /stats, GET /metrics."})
final class ServeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ModelOption model;

    @Option(names = "--host", defaultValue = ServerConfig.DEFAULT_HOST,
            description = "Address to listen on (default: ${DEFAULT-VALUE}, this machine only; 0.0.0.0 for every interface).")
    String host;

    @Option(names = "--port", defaultValue = "8080", description = "TCP port (default: ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @Option(names = "--api-key", defaultValue = "${env:BITNET4J_API_KEY}",
            description = "Require 'Authorization: Bearer KEY' on /v1 routes (default: $BITNET4J_API_KEY, else no key).")
    String apiKey;

    @Option(names = "--parallel", defaultValue = "1",
            description = "Sequences decoded together in one batched pass, each with its own KV cache (default: ${DEFAULT-VALUE}).")
    int parallel;

    @Option(names = {"-c", "--ctx-size"}, defaultValue = "4096",
            description = "Context size in tokens per slot, capped at the model's maximum (default: ${DEFAULT-VALUE}).")
    int ctxSize;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        ServerConfig config = new ServerConfig(host, port, apiKey, parallel, ctxSize);
        try (BitNetModel m = model.load(); BitNetServer server = BitNetServer.start(m, config)) {
            out.println("bitnet4j serving " + server.modelId() + " on " + server.url() + "/v1 ("
                    + parallel + (parallel == 1 ? " slot" : " slots") + (config.apiKey() != null ? ", API key required" : "") + ")");
            out.flush();
            server.join();
            return 0;
        }
    }
}
