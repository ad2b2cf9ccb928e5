package dev.bitnet4j.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bitnet4j.Fixtures;
import dev.bitnet4j.format.gguf.GgufValue;
import dev.bitnet4j.format.gguf.GgufVocabulary;
import dev.bitnet4j.format.gguf.GgufWriter;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The Llama 3 fixture tokenizer, read once for all test classes, and a check of any tokenizer built from
 * it another way (through VocabularyData, through a written tokenizer.json) against the fixture cases.
 */
final class Llama3Fixture {
    private Llama3Fixture() {}

    static final Path TOKENIZER_JSON = Fixtures.resource("fixtures/tokenizer/tokenizer.json");

    private static final class Loaded {
        static final Tokenizer REFERENCE = Tokenizer.load(TOKENIZER_JSON);
        static final VocabularyData DATA = VocabularyData.fromTokenizerJson(TOKENIZER_JSON);
    }

    /** The tokenizer as {@link Tokenizer#load} reads it. */
    static Tokenizer reference() {
        return Loaded.REFERENCE;
    }

    /** What llama.cpp's converter writes for it. */
    static VocabularyData data() {
        return Loaded.DATA;
    }

    /**
     * A GGUF file whose metadata holds the fixture's vocabulary and chat template (tokenizer.ggml.*,
     * tokenizer.chat_template) as llama.cpp's converter writes them, and no tensors: all a tokenizer test reads.
     */
    static Path writeGguf(Path file) {
        GgufWriter w = new GgufWriter().put("general.architecture", GgufValue.string("bitnet-b1.58"));
        GgufVocabulary.write(Optional.of(data()), w);
        w.write(file);
        return file;
    }

    /**
     * Every difference between {@code t} and the fixture: the ids of every encode case (special tokens
     * parsed or not, with BOS or not), the bytes, special flags, texts and streaming output of every decode
     * case, BOS/EOS, and each id's bytes and special flag against {@link #reference()}. Empty when none.
     */
    static List<String> mismatches(Tokenizer t) throws IOException {
        List<String> out = new ArrayList<>();
        for (JsonNode c : DecodeCasesTest.cases("encode-cases.jsonl")) {
            String where = "encode " + c.get("id").asText();
            String text = c.get("text").asText();
            int[] ids = Fixtures.ints(c.get("ids"));
            int[] plain = c.has("ids_no_special_parsing") ? Fixtures.ints(c.get("ids_no_special_parsing")) : ids;
            check(out, where + " parseSpecial", ids, t.encode(text, true));
            check(out, where + " specials as text", plain, t.encode(text, false));
            check(out, where + " with BOS", withBos(ids), t.encodeWithBos(text, true));
            check(out, where + " prompt", withBos(plain), t.encodePrompt(text));
            check(out, where + " decode", text, t.decode(ids, false));
            check(out, where + " decode skipping specials",
                    c.has("decoded_skip_special") ? c.get("decoded_skip_special").asText() : text, t.decode(ids, true));
        }
        for (JsonNode c : DecodeCasesTest.cases("decode-cases.jsonl")) {
            String where = "decode " + c.get("id").asText();
            int[] ids = Fixtures.ints(c.get("ids"));
            StreamingDecoder stream = t.streamingDecoder(false);
            for (int i = 0; i < ids.length; i++) {
                check(out, where + " bytes " + i, c.get("token_bytes_hex").get(i).asText(), HexFormat.of().formatHex(t.bytes(ids[i])));
                check(out, where + " special " + i, c.get("token_is_special").get(i).asBoolean(), t.isSpecial(ids[i]));
                check(out, where + " stream " + i, c.get("stream_emit").get(i).asText(), stream.accept(ids[i]));
            }
            check(out, where + " flush", c.get("stream_flush").asText(), stream.flush());
            check(out, where + " text", c.get("text").asText(), t.decode(ids, false));
            check(out, where + " text skipping specials", c.get("text_skip_special").asText(), t.decode(ids, true));
        }
        check(out, "BOS", OptionalInt.of(128000), t.bosId());
        check(out, "EOS", List.of(128009), t.eosIds());
        check(out, "adds BOS", true, t.addBosByDefault());
        check(out, "size", reference().size(), t.size());
        for (int id = 0; id < reference().size(); id++) {
            if (!Arrays.equals(reference().bytes(id), t.bytes(id))) out.add("bytes of id " + id);
            if (reference().isSpecial(id) != t.isSpecial(id)) out.add("special flag of id " + id);
        }
        return out;
    }

    private static int[] withBos(int[] ids) {
        int[] out = new int[ids.length + 1];
        out[0] = 128000;
        System.arraycopy(ids, 0, out, 1, ids.length);
        return out;
    }

    private static void check(List<String> out, String where, int[] expected, int[] actual) {
        if (!Arrays.equals(expected, actual)) {
            out.add(where + ": expected " + Arrays.toString(expected) + " got " + Arrays.toString(actual));
        }
    }

    private static void check(List<String> out, String where, Object expected, Object actual) {
        if (!expected.equals(actual)) out.add(where + ": expected " + expected + " got " + actual);
    }
}
