package dev.bitnet4j.generate.constrain;

import dev.bitnet4j.tokenizer.Tokenizer;

import java.util.Objects;

/**
 * Constrains generation to a JSON document valid against a schema ({@link JsonSchema#ANY_OBJECT} for
 * "any JSON object"): a token is allowed when its bytes keep the output a valid prefix. Special tokens
 * (chat markers, reserved ids) never are, nor tokens without bytes.
 */
public final class JsonConstraint implements TokenConstraint {
    private final Tokenizer tokenizer;
    private JsonState state;

    public JsonConstraint(JsonSchema schema, Tokenizer tokenizer) {
        this.tokenizer = Objects.requireNonNull(tokenizer, "tokenizer");
        this.state = JsonState.start(Objects.requireNonNull(schema, "schema"));
    }

    @Override
    public boolean allows(int tokenId) {
        return after(tokenId) != null;
    }

    @Override
    public void accept(int tokenId) {
        JsonState next = after(tokenId);
        if (next == null) throw new IllegalArgumentException("token " + tokenId + " does not continue the JSON document");
        state = next;
    }

    @Override
    public boolean complete() {
        return state.complete();
    }

    private JsonState after(int tokenId) {
        if (tokenizer.isSpecial(tokenId)) return null;
        byte[] bytes = tokenizer.bytes(tokenId);
        return bytes.length == 0 ? null : JsonState.feed(state, bytes);
    }
}
