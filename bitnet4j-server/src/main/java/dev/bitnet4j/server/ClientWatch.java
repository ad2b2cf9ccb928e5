package dev.bitnet4j.server;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.AbstractEndPoint;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Notices a client that closes its connection while its request waits or generates, before any write
 * could fail. Once the body is read, Jetty (HTTP/1.1) does not read the socket until the response is
 * done, so a hang-up goes unseen; this asks the endpoint to say when the socket is readable and reads
 * it: end of stream means the client has gone. {@link #close} withdraws the interest before the
 * response completes (Jetty closes a connection with a read still pending). Bytes that do arrive can
 * only be a pipelined next request, which cannot be handed back to Jetty: the response then asks to
 * close the connection, and the client retries that request (RFC 9112 §9.3.2).
 */
final class ClientWatch implements AutoCloseable {
    private final EndPoint endPoint;

    private ClientWatch(EndPoint endPoint) {
        this.endPoint = endPoint;
    }

    /** Runs onGone (on a Jetty thread) when the client closes the connection; a no-op where it cannot tell. */
    static ClientWatch start(Request request, Response response, Runnable onGone) {
        EndPoint ep = request.getConnectionMetaData().getConnection().getEndPoint();
        if (!(ep instanceof AbstractEndPoint) || ep.isFillInterested()) return new ClientWatch(null);
        Callback interest = Callback.from(() -> {
            try {
                ByteBuffer buf = BufferUtil.allocate(1);
                if (ep.fill(buf) < 0) onGone.run();
                else if (!response.isCommitted()) response.getHeaders().put(HttpHeader.CONNECTION, "close");
            } catch (IOException e) {
                onGone.run();
            }
        }, failure -> {});
        return ep.tryFillInterested(interest) ? new ClientWatch(ep) : new ClientWatch(null);
    }

    /** Withdraws the read interest if it is still pending; the response may then complete. */
    @Override
    public void close() {
        if (endPoint == null) return;
        // while the request is handled, no one but this watch reads the socket
        ((AbstractEndPoint) endPoint).getFillInterest().onFail(new IOException("request done"));
    }
}
