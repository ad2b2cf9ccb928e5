package dev.bitnet4j.server;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Response;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;

/**
 * The web chat page served at {@code /}: one self-contained HTML file (webchat.html, inline CSS and
 * JavaScript) that streams from /v1/chat/completions. The page itself needs no API key; it has a
 * field for one and sends it with each request, so the key check stays on the API routes.
 */
final class WebChatPage {
    /**
     * The page may run only its own inline script and style and talk only to this server: even if
     * model output were ever rendered as HTML, it could load nothing and send nothing elsewhere.
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
            + "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private static final byte[] HTML = load();

    private WebChatPage() {}

    static void write(Response response) throws IOException {
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/html; charset=utf-8");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
        response.getHeaders().put("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        response.getHeaders().put("X-Content-Type-Options", "nosniff");
        Content.Sink.write(response, true, ByteBuffer.wrap(HTML));
    }

    private static byte[] load() {
        try (InputStream in = WebChatPage.class.getResourceAsStream("webchat.html")) {
            if (in == null) throw new IllegalStateException("webchat.html is missing from the server jar");
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
