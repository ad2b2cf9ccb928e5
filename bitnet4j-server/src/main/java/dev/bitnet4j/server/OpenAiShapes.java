package dev.bitnet4j.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bitnet4j.format.Json;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The JSON objects of OpenAI's API, built in one place: model lists, chat.completion and
 * text_completion results, and their streamed chunks. One instance per response carries the
 * fields every chunk of that response repeats (id, created, model).
 */
final class OpenAiShapes {
    private final boolean chat;
    private final String id;
    private final long created;
    private final String model;

    OpenAiShapes(boolean chat, String model) {
        this.chat = chat;
        this.id = (chat ? "chatcmpl-" : "cmpl-") + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
        this.created = System.currentTimeMillis() / 1000;
        this.model = model;
    }

    static ObjectNode modelList(String modelId, long created) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("object", "list");
        ObjectNode m = root.putArray("data").addObject();
        m.put("id", modelId);
        m.put("object", "model");
        m.put("created", created);
        m.put("owned_by", "bitnet4j");
        return root;
    }

    /** The whole answer: chat.completion or text_completion; logprobs null when not asked for. */
    ObjectNode result(String text, String finishReason, int promptTokens, int completionTokens, JsonNode logprobs) {
        ObjectNode root = header(chat ? "chat.completion" : "text_completion");
        ObjectNode choice = root.putArray("choices").addObject();
        choice.put("index", 0);
        if (chat) {
            ObjectNode message = choice.putObject("message");
            message.put("role", "assistant");
            message.put("content", text);
        } else {
            choice.put("text", text);
        }
        choice.set("logprobs", logprobs == null ? NullNode.getInstance() : logprobs);
        choice.put("finish_reason", finishReason);
        root.set("usage", usage(promptTokens, completionTokens));
        return root;
    }

    /** The first chunk of a chat stream: the assistant role, no text yet (as OpenAI sends it). */
    ObjectNode roleChunk(boolean includeUsage) {
        ObjectNode c = chunk(null, null, includeUsage, null);
        ((ObjectNode) c.get("choices").get(0).get("delta")).put("role", "assistant").put("content", "");
        return c;
    }

    /** A chunk carrying text (finishReason null) or the last chunk of the choice (text null), with its tokens' logprobs or null. */
    ObjectNode chunk(String text, String finishReason, boolean includeUsage, JsonNode logprobs) {
        ObjectNode root = header(chat ? "chat.completion.chunk" : "text_completion");
        ObjectNode choice = root.putArray("choices").addObject();
        choice.put("index", 0);
        if (chat) {
            ObjectNode delta = choice.putObject("delta");
            if (text != null) delta.put("content", text);
        } else {
            choice.put("text", text == null ? "" : text);
        }
        choice.set("logprobs", logprobs == null ? NullNode.getInstance() : logprobs);
        choice.put("finish_reason", finishReason);
        // with stream_options.include_usage every chunk has "usage": null, and the extra last one has it
        if (includeUsage) root.putNull("usage");
        return root;
    }

    /** The extra last chunk that stream_options.include_usage asks for: no choices, the usage. */
    ObjectNode usageChunk(int promptTokens, int completionTokens) {
        ObjectNode root = header(chat ? "chat.completion.chunk" : "text_completion");
        root.putArray("choices");
        root.set("usage", usage(promptTokens, completionTokens));
        return root;
    }

    private ObjectNode header(String object) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("id", id);
        root.put("object", object);
        root.put("created", created);
        root.put("model", model);
        return root;
    }

    private static ObjectNode usage(int promptTokens, int completionTokens) {
        ObjectNode u = Json.MAPPER.createObjectNode();
        u.put("prompt_tokens", promptTokens);
        u.put("completion_tokens", completionTokens);
        u.put("total_tokens", promptTokens + completionTokens);
        return u;
    }
}
