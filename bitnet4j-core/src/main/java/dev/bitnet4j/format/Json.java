package dev.bitnet4j.format;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.bitnet4j.BitNetException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** One strict JSON reader for every file we parse, so each reports errors the same way. */
public final class Json {
    private Json() {}

    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    static {
        // Tokenizer files hold multi-megabyte strings arrays; keep the default nesting limit, lift the size one.
        MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxStringLength(200_000_000).build());
    }

    public static JsonNode read(Path file) {
        try {
            return parse(Files.readAllBytes(file), file.toString());
        } catch (NoSuchFileException e) {
            throw new BitNetException(file + ": file not found");
        } catch (IOException e) {
            throw new BitNetException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    /** Parses bytes that came from {@code where}; malformed JSON becomes one clear error. */
    public static JsonNode parse(byte[] bytes, String where) {
        try {
            JsonNode node = MAPPER.readTree(bytes);
            if (node == null || node.isMissingNode()) throw new BitNetException(where + ": empty, expected JSON");
            return node;
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();   // null for some, such as nesting past the depth limit
            throw new BitNetException(where + ": malformed JSON: " + e.getOriginalMessage()
                    + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"));
        } catch (IOException e) {
            throw new BitNetException(where + ": cannot read JSON (" + e.getMessage() + ")", e);
        }
    }
}
