package dev.bitnet4j.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bitnet4j.Fixtures;
import dev.bitnet4j.format.Json;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** decode-cases.jsonl: full decode, decode without specials, token bytes, and streaming emit/flush. */
class DecodeCasesTest {
    static Tokenizer tokenizer;

    @BeforeAll
    static void load() {
        tokenizer = Tokenizer.load(Fixtures.resource("fixtures/tokenizer/tokenizer.json"));
    }

    static List<JsonNode> cases(String file) throws IOException {
        return Files.readAllLines(Fixtures.resource("fixtures/tokenizer/" + file)).stream()
                .filter(l -> !l.isBlank()).map(l -> Json.parse(l.getBytes(java.nio.charset.StandardCharsets.UTF_8), file)).toList();
    }

    @Test
    void everyDecodeCase() throws IOException {
        List<JsonNode> cases = cases("decode-cases.jsonl");
        assertEquals(44, cases.size());
        for (JsonNode c : cases) {
            String id = c.get("id").asText();
            int[] ids = Fixtures.ints(c.get("ids"));
            for (int i = 0; i < ids.length; i++) {
                assertEquals(c.get("token_bytes_hex").get(i).asText(), HexFormat.of().formatHex(tokenizer.bytes(ids[i])), id);
                assertEquals(c.get("token_is_special").get(i).asBoolean(), tokenizer.isSpecial(ids[i]), id);
            }
            assertEquals(c.get("text").asText(), tokenizer.decode(ids, false), id);
            assertEquals(c.get("text_skip_special").asText(), tokenizer.decode(ids, true), id);
            StreamingDecoder s = tokenizer.streamingDecoder(false);
            for (int i = 0; i < ids.length; i++) {
                assertEquals(c.get("stream_emit").get(i).asText(), s.accept(ids[i]), id + " token " + i);
            }
            assertEquals(c.get("stream_flush").asText(), s.flush(), id + " flush");
        }
    }

    /**
     * The disputed case (ED A0 80, an encoded surrogate): every implementation gives three U+FFFD;
     * they differ in when. We emit each as soon as the byte is known to be invalid (WHATWG's timing).
     */
    @Test
    void disputedCaseFollowsWhatwgTiming() throws IOException {
        List<JsonNode> cases = cases("decode-disputed.jsonl");
        assertEquals(1, cases.size());
        for (JsonNode c : cases) {
            int[] ids = Fixtures.ints(c.get("ids"));
            assertEquals(c.get("text").asText(), tokenizer.decode(ids, false));
            StreamingDecoder s = tokenizer.streamingDecoder(false);
            JsonNode expected = c.get("outputs").get("stream_emit").get("whatwg_textdecoder_stream");
            for (int i = 0; i < ids.length; i++) assertEquals(expected.get(i).asText(), s.accept(ids[i]), "token " + i);
            assertEquals(c.get("outputs").get("stream_flush").get("whatwg_textdecoder_stream").asText(), s.flush());
        }
    }
}
