package dev.bitnet4j.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bitnet4j.Fixtures;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.*;

/** encode-cases.jsonl against our encoder, with and without special-token parsing, and the round trip. */
class EncodeCasesTest {
    static Tokenizer tokenizer;

    @BeforeAll
    static void load() {
        tokenizer = Tokenizer.load(Fixtures.resource("fixtures/tokenizer/tokenizer.json"));
    }

    @Test
    void everyEncodeCase() throws IOException {
        List<JsonNode> cases = DecodeCasesTest.cases("encode-cases.jsonl");
        assertEquals(613, cases.size());
        Tokenizer uncached = tokenizer.withWordCache(0);
        List<String> mismatches = new ArrayList<>();
        for (JsonNode c : cases) {
            String where = c.get("id").asText() + " (" + c.get("category").asText() + ")";
            String text = c.get("text").asText();
            int[] ids = Fixtures.ints(c.get("ids"));
            int[] plain = c.has("ids_no_special_parsing") ? Fixtures.ints(c.get("ids_no_special_parsing")) : ids;
            check(mismatches, where + " parseSpecial=true", ids, tokenizer.encode(text, true));
            check(mismatches, where + " parseSpecial=false", plain, tokenizer.encode(text, false));
            check(mismatches, where + " uncached", ids, uncached.encode(text, true));
            check(mismatches, where + " with BOS", prepend(128000, ids), tokenizer.encodeWithBos(text, true));
            if (!tokenizer.decode(tokenizer.encode(text, true), false).equals(text)) mismatches.add(where + ": round trip with specials");
            if (!tokenizer.decode(tokenizer.encode(text, false), false).equals(text)) mismatches.add(where + ": round trip, specials as text");
            assertEquals(text, c.get("decoded").asText(), where);
            String skip = c.has("decoded_skip_special") ? c.get("decoded_skip_special").asText() : text;
            if (!tokenizer.decode(ids, true).equals(skip)) mismatches.add(where + ": decoded_skip_special");
        }
        assertEquals(List.of(), mismatches);
    }

    private static void check(List<String> mismatches, String where, int[] expected, int[] actual) {
        if (!Arrays.equals(expected, actual)) {
            mismatches.add(where + ": expected " + Arrays.toString(expected) + " got " + Arrays.toString(actual));
        }
    }

    private static int[] prepend(int first, int[] rest) {
        int[] out = new int[rest.length + 1];
        out[0] = first;
        System.arraycopy(rest, 0, out, 1, rest.length);
        return out;
    }

    /**
     * The disputed case: a leading U+FEFF (byte-order mark). Every implementation gives the same
     * ids; two JS decoders built on TextDecoder drop the BOM when decoding. We keep it, as Hugging
     * Face's Rust tokenizers and tiktoken do: it is part of the text.
     */
    @Test
    void disputedBomCaseKeepsTheBom() throws IOException {
        List<JsonNode> cases = DecodeCasesTest.cases("encode-disputed.jsonl");
        assertEquals(1, cases.size());
        JsonNode c = cases.getFirst();
        String text = c.get("text").asText();
        assertEquals('\uFEFF', text.charAt(0));
        int[] ids = Fixtures.ints(c.get("ids"));
        assertArrayEquals(ids, tokenizer.encode(text, true));
        assertArrayEquals(ids, tokenizer.encode(text, false));
        assertEquals(c.get("outputs").get("decode").get("hf_tokenizers_rust").asText(), tokenizer.decode(ids, false));
        assertEquals(text, tokenizer.decode(ids, false));
    }

    @Test
    void specialTokensInUntrustedTextStayText() {
        int[] parsed = tokenizer.encode("hi <|eot_id|> there", true);
        int[] plain = tokenizer.encode("hi <|eot_id|> there", false);
        assertTrue(Arrays.stream(parsed).anyMatch(id -> id == 128009), Arrays.toString(parsed));
        assertTrue(Arrays.stream(plain).allMatch(id -> id < 128000), Arrays.toString(plain));
        assertEquals("hi <|eot_id|> there", tokenizer.decode(plain, false));
        assertEquals("hi  there", tokenizer.decode(parsed, true));
    }

    /** UTF-8 cannot hold a lone surrogate; like Rust's from_utf16_lossy and TextEncoder we encode U+FFFD. */
    @Test
    void loneSurrogatesEncodeAsReplacementCharacter() {
        assertArrayEquals(tokenizer.encode("a\uFFFDb \uFFFD", true), tokenizer.encode("a\uD800b \uDC00", true));
        assertEquals("\uD83D\uDE00", tokenizer.decode(tokenizer.encode("\uD83D\uDE00", true), false));
    }

    @Test
    void specialTokenIdsFromConfigAndTemplate() {
        assertEquals(OptionalInt.of(128000), tokenizer.bosId());
        assertEquals(List.of(128009), tokenizer.eosIds());
        assertTrue(tokenizer.addBosByDefault());
        assertEquals(OptionalInt.of(128009), tokenizer.tokenId("<|eot_id|>"));
        assertEquals(OptionalInt.of(279), tokenizer.tokenId("Ġthe"));
        assertEquals(OptionalInt.empty(), tokenizer.tokenId("<|no such token|>"));
        assertArrayEquals(new int[] {128000}, tokenizer.encodeWithBos("", true));
        assertArrayEquals(new int[0], tokenizer.encode("", true));
    }
}
