package dev.bitnet4j.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bitnet4j.BitNetException;
import dev.bitnet4j.format.Json;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The routes, the API key check, the body limit, and the one place where every failure becomes an
 * OpenAI-shaped JSON error (never a stack trace or an HTML page). Handlers block: a request waits for
 * its slot and generates on its own thread.
 */
final class ApiHandler extends Handler.Abstract {
    private final CompletionRunner runner;
    private final BatchScheduler scheduler;
    private final Metrics metrics;
    private final String modelId;
    private final long modelCreated;
    private final byte[] apiKey;      // null: no key needed
    private final long maxBodyBytes;

    ApiHandler(CompletionRunner runner, BatchScheduler scheduler, Metrics metrics, String modelId, long modelCreated, String apiKey, long maxBodyBytes) {
        this.runner = runner;
        this.scheduler = scheduler;
        this.metrics = metrics;
        this.modelId = modelId;
        this.modelCreated = modelCreated;
        this.apiKey = apiKey == null ? null : apiKey.getBytes(StandardCharsets.UTF_8);
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String path = Request.getPathInContext(request);
        try {
            answer(path, request, response, callback);
        } finally {
            metrics.request(path, response.getStatus());
        }
        return true;
    }

    private void answer(String path, Request request, Response response, Callback callback) {
        SseStream stream = null;
        try {
            String method = request.getMethod();
            switch (path) {
                case "/", "/index.html" -> {
                    allow(method, "GET");
                    WebChatPage.write(response);   // no key: the page asks for one and sends it to the API
                }
                case "/health" -> {
                    allow(method, "GET");
                    writeJson(response, 200, "{\"status\":\"ok\"}");
                }
                case "/v1/models" -> {
                    allow(method, "GET");
                    authorize(request);
                    writeJson(response, 200, OpenAiShapes.modelList(modelId, modelCreated).toString());
                }
                case "/stats" -> {
                    allow(method, "GET");
                    authorize(request);
                    writeJson(response, 200, Json.MAPPER.valueToTree(scheduler.stats()).toString());
                }
                case "/metrics" -> {
                    allow(method, "GET");
                    authorize(request);
                    write(response, 200, "text/plain; version=0.0.4; charset=utf-8", metrics.prometheus(scheduler.stats()));
                }
                case "/v1/chat/completions", "/v1/completions" -> {
                    allow(method, "POST");
                    authorize(request);
                    JsonNode body = readBody(request);
                    CompletionParams p = path.equals("/v1/chat/completions") ? RequestParser.chat(body) : RequestParser.completion(body);
                    if (p.stream()) {
                        stream = new SseStream(response);
                        runner.stream(p, request, stream);
                        if (stream.clientGone()) {
                            callback.failed(stream.failure());
                            return;
                        }
                    } else {
                        ObjectNode result = runner.complete(p, request, response);
                        writeJson(response, 200, result.toString());
                    }
                }
                default -> throw new ApiError(404, ApiError.INVALID_REQUEST, "no route " + method + " " + path
                        + "; this server has / (a web chat page), /health, /v1/models, /v1/chat/completions, /v1/completions, /stats and /metrics", null, "not_found");
            }
            callback.succeeded();
        } catch (ApiError e) {
            fail(request, response, callback, stream, e);
        } catch (BitNetException e) {
            // a problem the engine found in what the client sent (e.g. a token id outside the vocabulary)
            fail(request, response, callback, stream, ApiError.badRequest(e.getMessage(), null));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail(request, response, callback, stream, ApiError.shuttingDown());
        } catch (IOException | RuntimeException e) {
            fail(request, response, callback, stream, new ApiError(500, ApiError.SERVER_ERROR, "internal error: " + e, null, null));
        }
    }

    private static void allow(String method, String expected) {
        if (!method.equals(expected)) {
            throw new ApiError(405, ApiError.INVALID_REQUEST, "method " + method + " is not allowed here; use " + expected, null, "method_not_allowed");
        }
    }

    /** Bearer key check, in constant time so the key cannot be guessed byte by byte. */
    private void authorize(Request request) {
        if (apiKey == null) return;
        String auth = request.getHeaders().get(HttpHeader.AUTHORIZATION);
        byte[] given = auth != null && auth.startsWith("Bearer ") ? auth.substring(7).strip().getBytes(StandardCharsets.UTF_8) : null;
        if (given == null || !MessageDigest.isEqual(given, apiKey)) {
            throw new ApiError(401, ApiError.INVALID_REQUEST, auth == null
                    ? "missing API key: send the header 'Authorization: Bearer KEY'" : "incorrect API key", null, "invalid_api_key");
        }
    }

    /**
     * The body as JSON; 413 past the limit, whether the client announced its length or not. A body at most
     * {@link #DRAIN_BYTES} past the limit is read to its end first, so the client, still sending, gets to read the
     * 413 instead of a connection reset; a larger one is cut off (the connection closes).
     */
    private JsonNode readBody(Request request) throws IOException {
        byte[] bytes;
        try (InputStream in = Content.Source.asInputStream(request)) {
            if (request.getLength() > maxBodyBytes) {
                if (request.getLength() <= maxBodyBytes + DRAIN_BYTES) drain(in);
                throw tooLarge();
            }
            bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBodyBytes + 1));
            if (bytes.length > maxBodyBytes) {
                drain(in);
                throw tooLarge();
            }
        }
        try {
            return Json.parse(bytes, "the request body");
        } catch (BitNetException e) {
            throw ApiError.badRequest(e.getMessage(), "invalid_json");
        }
    }

    /** How far past the limit a body is still read (and thrown away) before the 413. */
    static final long DRAIN_BYTES = 1 << 20;

    /** Reads and drops up to {@link #DRAIN_BYTES}; whether the body's end was reached. */
    private static boolean drain(InputStream in) throws IOException {
        byte[] buf = new byte[8192];
        long left = DRAIN_BYTES;
        int n = 0;
        while (left > 0 && (n = in.read(buf, 0, (int) Math.min(buf.length, left))) >= 0) left -= n;
        return n < 0 || in.read() < 0;
    }

    /**
     * Before an error answer: reads what is left of the request body (a 401 or 405 answers without reading it),
     * so that the connection can carry the client's next request. A body announced or found longer than
     * {@link #DRAIN_BYTES}, or one the client waits for leave to send (Expect: 100-continue), is left unread and the
     * answer says "Connection: close", so a client does not send its next request down a closing connection.
     */
    private static void discardUnreadBody(Request request, Response response) {
        if (request.getLength() > DRAIN_BYTES || request.getHeaders().contains(HttpHeader.EXPECT, "100-continue")) {
            response.getHeaders().put(HttpHeader.CONNECTION, "close");   // not worth receiving (or inviting) to drop
            return;
        }
        boolean ended;
        try (InputStream in = Content.Source.asInputStream(request)) {
            ended = drain(in);
        } catch (IOException | RuntimeException e) {
            ended = false;
        }
        if (!ended) response.getHeaders().put(HttpHeader.CONNECTION, "close");
    }

    private ApiError tooLarge() {
        return new ApiError(413, ApiError.INVALID_REQUEST, "the request body is larger than the limit of " + maxBodyBytes + " bytes", null, "request_too_large");
    }

    /** Answers with the error: a JSON response, or, once a stream has begun, an error event then [DONE]. */
    private static void fail(Request request, Response response, Callback callback, SseStream stream, ApiError e) {
        if (stream != null && response.isCommitted()) {
            stream.send(e.toJson());
            stream.done();
            callback.succeeded();
            return;
        }
        try {
            response.reset();
            discardUnreadBody(request, response);
            writeJson(response, e.status, e.toJson().toString());
            callback.succeeded();
        } catch (IOException | RuntimeException io) {
            callback.failed(io);
        }
    }

    /** Writes a complete JSON response, blocking until it is sent. */
    static void writeJson(Response response, int status, String json) throws IOException {
        write(response, status, "application/json", json);
    }

    private static void write(Response response, int status, String contentType, String body) throws IOException {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        Content.Sink.write(response, true, ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)));
    }
}
