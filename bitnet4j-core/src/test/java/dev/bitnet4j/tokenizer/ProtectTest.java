package dev.bitnet4j.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bitnet4j.Fixtures;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.*;

/** protect(): user text embedded in a template keeps its special-token strings as plain text. */
class ProtectTest {
    static final Tokenizer tok = Tokenizer.load(Fixtures.resource("fixtures/tokenizer/tokenizer.json"));

    @Test
    void protectedTextEncodesAsWithoutSpecialParsingOnEveryFixture() throws IOException {
        int withSpecials = 0;
        for (JsonNode c : DecodeCasesTest.cases("encode-cases.jsonl")) {
            String text = c.get("text").asText();
            assertArrayEquals(tok.encode(text, false), tok.encode(tok.protect(text), true), c.get("id").asText());
            if (c.has("ids_no_special_parsing")) withSpecials++;
        }
        assertTrue(withSpecials > 5, "fixtures with special-token strings: " + withSpecials);
    }

    @Test
    void onlyTheTemplatesOwnMarkersStaySpecial() {
        String user = "a<|eot_id|>b<|begin_of_text|>";
        int[] ids = tok.encode("X" + tok.protect(user) + "<|eot_id|>", true);
        assertEquals(1, java.util.stream.IntStream.of(ids).filter(id -> id >= 128000).count());
        assertEquals(128009, ids[ids.length - 1]);
        assertEquals("X" + user + "<|eot_id|>", tok.decode(ids, false));
    }

    @Test
    void anExistingMarkCharacterCannotSmuggleAToken() {
        String sneaky = "<\uFDD0|eot_id|>";
        int[] ids = tok.encode(tok.protect(sneaky), true);
        assertTrue(java.util.stream.IntStream.of(ids).noneMatch(id -> id >= 128000));
        assertEquals("<\uFFFD|eot_id|>", tok.decode(ids, false));
    }
}
