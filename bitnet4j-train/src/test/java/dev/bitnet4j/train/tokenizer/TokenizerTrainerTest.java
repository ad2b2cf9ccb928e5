package dev.bitnet4j.train.tokenizer;

import dev.bitnet4j.BitNetException;
import dev.bitnet4j.chat.ChatMessage;
import dev.bitnet4j.chat.ChatTemplate;
import dev.bitnet4j.tokenizer.Tokenizer;
import dev.bitnet4j.tokenizer.VocabularyData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class TokenizerTrainerTest {
    @TempDir
    Path dir;

    static WordCounts count(String... texts) {
        WordCounts w = new WordCounts();
        for (String t : texts) w.add(t);
        return w;
    }

    /** A small corpus with some repetition, accents and emoji. */
    static WordCounts corpus() {
        StringBuilder sb = new StringBuilder();
        String[] lines = {"The quick brown fox jumps over the lazy dog.", "Call me Ishmael. Some years ago, never mind how long",
                "Fellow-Citizens of the Senate and of the House of Representatives:", "Café crème brûlée, naïve façade 1790-2016!",
                "Ünïcödé 😀 emoji 🚀 and 中文 text", "it's we'll they're I'd   spaces\n\nnew paragraph\r\n"};
        for (int i = 0; i < 20; i++) for (String l : lines) sb.append(l).append(i % 3 == 0 ? "\n" : " ");
        return count(sb.toString());
    }

    @Test
    void learnsTheHandCheckedMerges() {
        // Words "aaab" x1 and " aaab" x2. Pair counts: a a 6, a b 3, Ġ a 2 -> merge "a a". Then aa a 3 and a b 3 tie:
        // the smaller left id wins (a = 97 < aa = 256) -> "a b"; then "aa ab" (3), then "Ġ aaab" (2).
        VocabularyData v = TokenizerTrainer.train(count("aaab aaab aaab"), 256 + 4 + 3, 2);
        assertEquals(List.of("a a", "a b", "aa ab", "Ġ aaab"), v.merges());
        assertEquals(List.of("aa", "ab", "aaab", "Ġaaab", "<|begin_of_text|>", "<|end_of_text|>", "<|eot_id|>"),
                v.tokens().subList(256, 263));
        assertEquals("a", v.tokens().get('a'));
        assertEquals("Ġ", v.tokens().get(' '));
    }

    @Test
    void theVocabularyHasExactlyTheRequestedSizeAndRoundTripsText() throws IOException {
        int n = 400;
        TokenizerTrainer.write(TokenizerTrainer.train(corpus(), n, 2), "test corpus", dir);
        Tokenizer tok = Tokenizer.load(dir.resolve(Tokenizer.FILE));
        assertEquals(n, tok.size());
        assertEquals(n - 3, tok.bosId().getAsInt());
        assertEquals(List.of(n - 1), tok.eosIds());
        assertTrue(tok.addBosByDefault());
        for (String text : new String[]{"The quick brown fox", "Café crème 😀🚀 中文 never seen: ǅ ẞ 🧬\u0000\t\r\n  x",
                "<|eot_id|> is text here", "", "   ", "1234567890 it's"}) {
            int[] ids = tok.encode(text, false);
            for (int id : ids) assertTrue(id >= 0 && id < n, "id " + id);
            assertEquals(text, tok.decode(ids, false));
        }
        assertTrue(tok.encode("the lazy dog", false).length < "the lazy dog".length(), "learned merges are used");
        assertArrayEquals(new int[]{n - 1}, tok.encode("<|eot_id|>", true));
    }

    @Test
    void theChatTemplateIs2B4TsAndFindsItsTokens() {
        TokenizerTrainer.write(TokenizerTrainer.train(corpus(), 300, 2), "test corpus", dir);
        ChatTemplate t = ChatTemplate.find(dir);
        assertFalse(t.isFallback());
        assertEquals("<|eot_id|>", t.eosToken().orElseThrow());
        assertEquals("<|begin_of_text|>", t.bosToken().orElseThrow());
        Tokenizer tok = Tokenizer.load(dir.resolve(Tokenizer.FILE));
        int[] ids = t.encodeForReply(List.of(new ChatMessage("user", "Hi")), tok);
        assertEquals(tok.bosId().getAsInt(), ids[0]);
        assertEquals("<|begin_of_text|>User: Hi<|eot_id|>Assistant: ", tok.decode(ids, false));
    }

    @Test
    void trainingIsDeterministic() throws IOException {
        TokenizerTrainer.write(TokenizerTrainer.train(corpus(), 350, 2), "a", dir.resolve("a"));
        TokenizerTrainer.write(TokenizerTrainer.train(corpus(), 350, 2), "b", dir.resolve("b"));
        assertArrayEquals(Files.readAllBytes(dir.resolve("a/tokenizer.json")), Files.readAllBytes(dir.resolve("b/tokenizer.json")));
        assertArrayEquals(Files.readAllBytes(dir.resolve("a/tokenizer_config.json")), Files.readAllBytes(dir.resolve("b/tokenizer_config.json")));
    }

    @Test
    void badRequestsAreClearErrors() {
        assertTrue(assertThrows(BitNetException.class, () -> TokenizerTrainer.train(corpus(), 258, 2))
                .getMessage().contains("at least 259"));
        assertTrue(assertThrows(BitNetException.class, () -> TokenizerTrainer.train(count("", ""), 300, 2))
                .getMessage().contains("corpus is empty"));
        BitNetException tooBig = assertThrows(BitNetException.class, () -> TokenizerTrainer.train(count("aaab aaab aaab"), 264, 2));
        assertTrue(tooBig.getMessage().contains("at most 263 tokens, not 264"), tooBig.getMessage());
        assertTrue(assertThrows(BitNetException.class, () -> TokenizerTrainer.train(corpus(), 300, 0))
                .getMessage().contains("--min-frequency"));
    }
}
