package dev.bitnet4j.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bitnet4j.format.Json;

/**
 * An error answered in OpenAI's shape, {@code {"error": {"message", "type", "param", "code"}}}, with
 * its HTTP status. Thrown wherever the problem is found; {@link ApiHandler} writes it.
 */
final class ApiError extends RuntimeException {
    static final String INVALID_REQUEST = "invalid_request_error";
    static final String SERVER_ERROR = "server_error";

    final int status;
    final String type;
    final String param;
    final String code;

    ApiError(int status, String type, String message, String param, String code) {
        super(message, null, false, false);
        this.status = status;
        this.type = type;
        this.param = param;
        this.code = code;
    }

    /** A 400 about one request parameter. */
    static ApiError badParam(String param, String message) {
        return new ApiError(400, INVALID_REQUEST, message, param, "invalid_value");
    }

    static ApiError badRequest(String message, String code) {
        return new ApiError(400, INVALID_REQUEST, message, null, code);
    }

    /** The 503 for a request the server stops before it is answered. */
    static ApiError shuttingDown() {
        return new ApiError(503, SERVER_ERROR, "the server is shutting down", null, null);
    }

    ObjectNode toJson() {
        return json(getMessage(), type, param, code);
    }

    static ObjectNode json(String message, String type, String param, String code) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        ObjectNode e = root.putObject("error");
        e.put("message", message);
        e.put("type", type);
        e.put("param", param);
        e.put("code", code);
        return root;
    }
}
