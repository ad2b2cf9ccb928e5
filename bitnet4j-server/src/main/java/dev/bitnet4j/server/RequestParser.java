package dev.bitnet4j.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bitnet4j.chat.ChatMessage;
import dev.bitnet4j.generate.SamplingParams;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a request body into {@link CompletionParams}, as OpenAI reads it: unknown fields are ignored,
 * a null field counts as absent, and a field of the wrong type or out of range is a 400 naming it.
 */
final class RequestParser {
    private static final SecureRandom SEEDS = new SecureRandom();

    private RequestParser() {}

    static CompletionParams chat(JsonNode body) {
        return parse(body, true);
    }

    static CompletionParams completion(JsonNode body) {
        return parse(body, false);
    }

    private static CompletionParams parse(JsonNode body, boolean chat) {
        if (!body.isObject()) throw ApiError.badRequest("the request body must be a JSON object", "invalid_body");
        List<ChatMessage> messages = chat ? messages(body) : List.of();
        String prompt = chat ? null : prompt(body);
        Integer n = integer(body, "n", 1, Integer.MAX_VALUE);
        if (n != null && n != 1) throw ApiError.badParam("n", "only n = 1 is supported, found " + n);
        // max_completion_tokens is the newer name; when both are given it wins, as OpenAI documents
        Integer maxTokens = integer(body, "max_completion_tokens", 0, Integer.MAX_VALUE);
        if (maxTokens == null) maxTokens = integer(body, "max_tokens", 0, Integer.MAX_VALUE);
        boolean stream = bool(body, "stream", false);
        JsonNode options = field(body, "stream_options");
        boolean includeUsage = false;
        if (options != null) {
            if (!options.isObject()) throw ApiError.badParam("stream_options", "'stream_options' must be an object");
            if (!stream) throw ApiError.badParam("stream_options", "'stream_options' is only allowed with \"stream\": true");
            includeUsage = bool(options, "include_usage", false);
        }
        return new CompletionParams(chat, messages, prompt, maxTokens, sampling(body), stop(body), stream, includeUsage,
                ResponseFormat.parse(field(body, ResponseFormat.PARAM)), chat ? chatLogprobs(body) : completionLogprobs(body));
    }

    /** Chat: "logprobs": true turns them on, "top_logprobs" (0..20, needs logprobs) asks for alternatives. */
    private static int chatLogprobs(JsonNode body) {
        boolean on = bool(body, "logprobs", false);
        Integer top = integer(body, "top_logprobs", 0, 20);
        if (top != null && !on) throw ApiError.badParam("top_logprobs", "'top_logprobs' needs \"logprobs\": true");
        return on ? (top == null ? 0 : top) : -1;
    }

    /** Completions (legacy): "logprobs": k (0..20) gives each token's logprob and k alternatives. */
    private static int completionLogprobs(JsonNode body) {
        Integer k = integer(body, "logprobs", 0, 20);
        return k == null ? -1 : k;
    }

    /**
     * OpenAI's defaults (temperature 1, top_p 1, no penalties, a fresh seed) with no top-k or min-p
     * filter, which the API does not have. top_p 0 keeps only the most likely token, which is greedy.
     */
    private static SamplingParams sampling(JsonNode body) {
        double temperature = number(body, "temperature", 0, 2, 1.0);
        double topP = number(body, "top_p", 0, 1, 1.0);
        double presence = number(body, "presence_penalty", -2, 2, 0);
        double frequency = number(body, "frequency_penalty", -2, 2, 0);
        JsonNode seedNode = field(body, "seed");
        if (seedNode != null && !(seedNode.isIntegralNumber() && seedNode.canConvertToLong())) {
            throw ApiError.badParam("seed", "'seed' must be an integer");
        }
        long seed = seedNode != null ? seedNode.longValue() : SEEDS.nextLong();
        if (topP == 0) {
            temperature = 0;
            topP = 1;
        }
        return new SamplingParams(temperature, 0, topP, 0, 1.0, -1, frequency, presence, seed);
    }

    private static List<ChatMessage> messages(JsonNode body) {
        JsonNode list = field(body, "messages");
        if (list == null) throw ApiError.badParam("messages", "'messages' is required");
        if (!list.isArray() || list.isEmpty()) throw ApiError.badParam("messages", "'messages' must be a non-empty array");
        List<ChatMessage> out = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            String where = "messages[" + i + "]";
            JsonNode m = list.get(i);
            if (!m.isObject()) throw ApiError.badParam(where, "'" + where + "' must be an object");
            JsonNode role = field(m, "role");
            if (role == null || !role.isTextual() || role.textValue().isEmpty()) {
                throw ApiError.badParam(where + ".role", "'" + where + ".role' must be a non-empty string");
            }
            out.add(new ChatMessage(role.textValue(), content(field(m, "content"), where + ".content")));
        }
        return out;
    }

    /** A message's content: a string, or an array of {"type": "text", "text": ...} parts joined (as OpenAI concatenates them). */
    private static String content(JsonNode c, String where) {
        if (c == null) return "";
        if (c.isTextual()) return c.textValue();
        if (!c.isArray()) throw ApiError.badParam(where, "'" + where + "' must be a string or an array of text parts");
        StringBuilder sb = new StringBuilder();
        for (JsonNode part : c) {
            JsonNode text = part.isObject() ? field(part, "text") : null;
            JsonNode type = part.isObject() ? field(part, "type") : null;
            if (type == null || !"text".equals(type.asText()) || text == null || !text.isTextual()) {
                throw ApiError.badParam(where, "'" + where + "' parts must be {\"type\": \"text\", \"text\": STRING}; other part types are not supported");
            }
            sb.append(text.textValue());
        }
        return sb.toString();
    }

    private static String prompt(JsonNode body) {
        JsonNode p = field(body, "prompt");
        if (p == null) throw ApiError.badParam("prompt", "'prompt' is required");
        if (p.isTextual()) return p.textValue();
        if (p.isArray() && p.size() == 1 && p.get(0).isTextual()) return p.get(0).textValue();
        throw ApiError.badParam("prompt", "'prompt' must be a string (or an array holding one string)");
    }

    private static List<String> stop(JsonNode body) {
        JsonNode s = field(body, "stop");
        if (s == null) return List.of();
        if (s.isTextual()) return List.of(s.textValue());
        if (!s.isArray()) throw ApiError.badParam("stop", "'stop' must be a string or an array of strings");
        List<String> out = new ArrayList<>();
        for (JsonNode e : s) {
            if (!e.isTextual()) throw ApiError.badParam("stop", "'stop' must be a string or an array of strings");
            out.add(e.textValue());
        }
        return out;
    }

    /** The field, or null when it is absent or JSON null. */
    private static JsonNode field(JsonNode o, String name) {
        JsonNode v = o.get(name);
        return v == null || v.isNull() ? null : v;
    }

    private static double number(JsonNode o, String name, double min, double max, double absent) {
        JsonNode v = field(o, name);
        if (v == null) return absent;
        if (!v.isNumber()) throw ApiError.badParam(name, "'" + name + "' must be a number");
        double d = v.doubleValue();
        if (!(d >= min && d <= max)) throw ApiError.badParam(name, "'" + name + "' must be between " + min + " and " + max + ", found " + d);
        return d;
    }

    private static Integer integer(JsonNode o, String name, int min, int max) {
        JsonNode v = field(o, name);
        if (v == null) return null;
        if (!v.isIntegralNumber() || !v.canConvertToInt()) throw ApiError.badParam(name, "'" + name + "' must be an integer");
        int i = v.intValue();
        if (i < min || i > max) {
            throw ApiError.badParam(name, "'" + name + "' must be " + (max == Integer.MAX_VALUE ? "at least " + min : "between " + min + " and " + max)
                    + ", found " + i);
        }
        return i;
    }

    private static boolean bool(JsonNode o, String name, boolean absent) {
        JsonNode v = field(o, name);
        if (v == null) return absent;
        if (!v.isBoolean()) throw ApiError.badParam(name, "'" + name + "' must be a boolean");
        return v.booleanValue();
    }
}
