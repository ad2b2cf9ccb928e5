package dev.bitnet4j.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bitnet4j.format.Json;
import dev.bitnet4j.generate.TokenLogprobs;
import dev.bitnet4j.tokenizer.Tokenizer;

import java.util.List;

/**
 * Renders the logprobs of a response's tokens in OpenAI's shapes: chat's
 * {@code {"content": [{token, logprob, bytes, top_logprobs: [{token, logprob, bytes}]}]}} or the legacy
 * completions' {@code {tokens, token_logprobs, top_logprobs: [{token: logprob}], text_offset}}.
 * A stream renders each chunk's tokens in turn, so every chunk carries the logprobs of the tokens in its
 * text (and the legacy text_offset runs on across chunks).
 */
final class LogprobsBuilder {
    private final Tokenizer tokenizer;
    private final boolean chat;
    private int textOffset;   // legacy text_offset: characters of token text before the next token

    LogprobsBuilder(Tokenizer tokenizer, boolean chat) {
        this.tokenizer = tokenizer;
        this.chat = chat;
    }

    /** The logprobs of these tokens, the next ones of the response, or null when there are none. */
    ObjectNode render(List<TokenLogprobs> entries) {
        if (entries.isEmpty()) return null;
        return chat ? chat(entries) : legacy(entries);
    }

    private ObjectNode chat(List<TokenLogprobs> entries) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        ArrayNode content = root.putArray("content");
        for (TokenLogprobs t : entries) {
            ObjectNode entry = token(content.addObject(), t.id(), t.logprob());
            ArrayNode top = entry.putArray("top_logprobs");
            for (TokenLogprobs.Alternative a : t.top()) token(top.addObject(), a.id(), a.logprob());
        }
        root.putNull("refusal");
        return root;
    }

    private ObjectNode token(ObjectNode node, int id, double logprob) {
        node.put("token", text(id));
        node.put("logprob", logprob);
        ArrayNode bytes = node.putArray("bytes");
        for (byte b : tokenizer.bytes(id)) bytes.add(b & 0xff);
        return node;
    }

    private ObjectNode legacy(List<TokenLogprobs> entries) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        ArrayNode tokens = root.putArray("tokens"), logprobs = root.putArray("token_logprobs");
        ArrayNode top = root.putArray("top_logprobs"), offsets = root.putArray("text_offset");
        for (TokenLogprobs t : entries) {
            String text = text(t.id());
            tokens.add(text);
            logprobs.add(t.logprob());
            ObjectNode alternatives = top.addObject();
            for (TokenLogprobs.Alternative a : t.top()) alternatives.put(text(a.id()), a.logprob());
            offsets.add(textOffset);
            textOffset += text.length();
        }
        return root;
    }

    /** One token's text on its own (a token holding part of a character shows U+FFFD; "bytes" has the truth). */
    private String text(int id) {
        return tokenizer.decode(new int[]{id}, false);
    }
}
