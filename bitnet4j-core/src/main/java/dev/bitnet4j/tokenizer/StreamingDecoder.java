package dev.bitnet4j.tokenizer;

/**
 * Turns a stream of token ids into text as they come. A token may end in the middle of a multi-byte
 * character (emoji are often split); those bytes are held back until the next token completes them,
 * so what is emitted is always valid text. Invalid bytes become U+FFFD as soon as they are known to
 * be invalid (WHATWG timing; CPython's incremental decoder sometimes waits for more bytes).
 */
public final class StreamingDecoder {
    private final Tokenizer tokenizer;
    private final boolean skipSpecial;
    private final Utf8Decoder utf8 = new Utf8Decoder();
    private final StringBuilder out = new StringBuilder();

    StreamingDecoder(Tokenizer tokenizer, boolean skipSpecial) {
        this.tokenizer = tokenizer;
        this.skipSpecial = skipSpecial;
    }

    /** Adds one token; returns the text that is now complete (may be empty). */
    public String accept(int id) {
        if (skipSpecial && tokenizer.isSpecial(id)) return "";
        utf8.decode(tokenizer.bytes(id), out);
        return take();
    }

    /** Ends the stream: a dangling partial character comes out as U+FFFD. */
    public String flush() {
        utf8.finish(out);
        return take();
    }

    private String take() {
        String s = out.toString();
        out.setLength(0);
        return s;
    }
}
