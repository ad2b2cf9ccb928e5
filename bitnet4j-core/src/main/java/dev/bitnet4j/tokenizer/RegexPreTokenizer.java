package dev.bitnet4j.tokenizer;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Split(regex, Isolated) pre-tokenizer on java.util.regex. With UNICODE_CHARACTER_CLASS its
 * {@code \s}, {@code \p{L}}, {@code \p{N}} and {@code (?i)} agree with Oniguruma's on these patterns.
 * It serves GPT-2's pattern and is the reference the Llama 3 scanner is tested against.
 */
final class RegexPreTokenizer implements PreTokenizer {
    private final Pattern pattern;

    RegexPreTokenizer(String regex) {
        this.pattern = Pattern.compile(regex, Pattern.UNICODE_CHARACTER_CLASS);
    }

    @Override
    public void split(String text, int from, int to, Sink sink) {
        // Opaque region bounds (the default): lookaheads see `to` as the end of the text.
        Matcher m = pattern.matcher(text).region(from, to);
        int last = from;
        while (m.find()) {
            if (m.start() > last) sink.piece(last, m.start());   // Isolated keeps unmatched text as its own piece
            if (m.end() > m.start()) sink.piece(m.start(), m.end());
            last = m.end();
        }
        if (last < to) sink.piece(last, to);
    }
}
