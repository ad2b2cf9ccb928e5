package dev.bitnet4j.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Response;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A Server-Sent Events response as OpenAI streams it: each event is {@code data: JSON} and a blank
 * line, the last is {@code data: [DONE]}. Every write blocks until the bytes are on the socket, so a
 * client that went away shows up as a failed write: {@link #send} then returns false and the
 * stream stays closed, and the caller cancels the generation.
 */
final class SseStream {
    private final Response response;
    private boolean started;
    private IOException failure;

    SseStream(Response response) {
        this.response = response;
    }

    Response response() {
        return response;
    }

    /** True once the client is known to be gone (a write failed). */
    boolean clientGone() {
        return failure != null;
    }

    /** Why the stream broke, or null. */
    IOException failure() {
        return failure;
    }

    /** Sends one event; false when the client is gone. Commits the 200 and the headers on first use. */
    boolean send(JsonNode event) {
        return write("data: " + event + "\n\n", false);
    }

    /** The terminating {@code data: [DONE]} event, which also ends the response. */
    boolean done() {
        return write("data: [DONE]\n\n", true);
    }

    private boolean write(String text, boolean last) {
        if (failure != null) return false;
        if (!started) {
            started = true;
            response.setStatus(200);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream; charset=utf-8");
            response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
        }
        try {
            Content.Sink.write(response, last, ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
            return true;
        } catch (IOException e) {
            failure = e;
            return false;
        }
    }
}
