package dev.bitnet4j.server;

import dev.bitnet4j.BitNetException;
import dev.bitnet4j.ModelAssets;
import dev.bitnet4j.chat.ChatTemplate;
import dev.bitnet4j.model.BitNetModel;
import dev.bitnet4j.tokenizer.Tokenizer;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The OpenAI-compatible server over one loaded model (see the package javadoc for the request flow).
 * The caller owns the model and closes it after {@link #close()}.
 */
public final class BitNetServer implements AutoCloseable {
    private final Server jetty;
    private final ServerConnector connector;
    private final BatchScheduler scheduler;
    private final String modelId;

    private BitNetServer(Server jetty, ServerConnector connector, BatchScheduler scheduler, String modelId) {
        this.jetty = jetty;
        this.connector = connector;
        this.scheduler = scheduler;
        this.modelId = modelId;
    }

    /** Starts serving {@code model} (which needs a tokenizer: tokenizer.json beside it, or a GGUF vocabulary); returns once the port is bound. */
    public static BitNetServer start(BitNetModel model, ServerConfig config) {
        Path folder = model.path();
        ModelAssets.Assets assets = ModelAssets.load(folder);
        Tokenizer tokenizer = assets.tokenizer().orElseThrow(() -> new BitNetException(folder
                + ": serve needs a tokenizer, and the model has none (no " + Tokenizer.FILE + ", no GGUF vocabulary)"));
        ChatTemplate template = assets.chatTemplate();
        String modelId = modelId(folder);
        Metrics metrics = new Metrics();
        BatchScheduler scheduler = new BatchScheduler(model, tokenizer, config.parallel(), config.contextSize(),
                config.queueCapacity(), metrics);
        CompletionRunner runner = new CompletionRunner(scheduler, new PromptEncoder(tokenizer, template), modelId);

        // Every admitted request holds a thread while it waits for its tokens; virtual threads make that cheap.
        QueuedThreadPool threads = new QueuedThreadPool();
        threads.setName("bitnet4j-http");
        threads.setVirtualThreadsExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
        Server jetty = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);   // no "Server: Jetty(x.y.z)" header telling scanners what to try
        ServerConnector connector = new ServerConnector(jetty, new HttpConnectionFactory(http));
        connector.setHost(config.host());
        connector.setPort(config.port());
        jetty.addConnector(connector);
        jetty.setHandler(new ApiHandler(runner, scheduler, metrics, modelId, created(folder), config.apiKey(), config.maxBodyBytes()));
        jetty.setErrorHandler(BitNetServer::jettyError);
        try {
            jetty.start();
        } catch (Exception e) {
            try {
                jetty.stop();
            } catch (Exception ignored) {
                // already failing: report the start failure
            }
            scheduler.close();
            throw new BitNetException("cannot listen on " + config.host() + ":" + config.port() + ": " + e.getMessage(), e);
        }
        return new BitNetServer(jetty, connector, scheduler, modelId);
    }

    /** The base URL, e.g. http://127.0.0.1:8080 (with the port actually bound). */
    public String url() {
        String host = connector.getHost();
        if (host == null || host.isEmpty()) host = "0.0.0.0";
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port();
    }

    public int port() {
        return connector.getLocalPort();
    }

    public String modelId() {
        return modelId;
    }

    BatchScheduler scheduler() {
        return scheduler;
    }

    /** Blocks until the server stops. */
    public void join() throws InterruptedException {
        jetty.join();
    }

    @Override
    public void close() {
        try {
            jetty.stop();
        } catch (Exception e) {
            throw new BitNetException("cannot stop the server: " + e.getMessage(), e);
        } finally {
            scheduler.close();
        }
    }

    /** The id /v1/models lists: the model folder's name, as llama.cpp and vLLM name a local model. */
    static String modelId(Path folder) {
        Path name = folder.toAbsolutePath().normalize().getFileName();
        return name == null ? "bitnet" : name.toString();
    }

    private static long created(Path folder) {
        try {
            return Files.getLastModifiedTime(folder).toMillis() / 1000;
        } catch (IOException e) {
            return 0;
        }
    }

    /** Errors Jetty finds itself (a malformed request line, headers too large, ...) in the same JSON shape. */
    private static boolean jettyError(Request request, org.eclipse.jetty.server.Response response, org.eclipse.jetty.util.Callback callback) {
        int status = request.getAttribute(ErrorHandler.ERROR_STATUS) instanceof Integer s ? s : 500;
        String message = request.getAttribute(ErrorHandler.ERROR_MESSAGE) instanceof String m ? m : HttpStatus.getMessage(status);
        String type = status >= 500 ? ApiError.SERVER_ERROR : ApiError.INVALID_REQUEST;
        try {
            ApiHandler.writeJson(response, status, ApiError.json(message, type, null, null).toString());
            callback.succeeded();
        } catch (IOException | RuntimeException e) {
            callback.failed(e);
        }
        return true;
    }
}
