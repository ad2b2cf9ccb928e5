package dev.bitnet4j.train.data;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.bitnet4j.BitNetException;
import dev.bitnet4j.format.Json;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;

/**
 * JSONL files (corpus documents, chat data, preference pairs, tasks): one JSON value per non-blank line, strict
 * UTF-8, a byte-order mark allowed before the first line. Every error names the file and the line.
 */
public final class Jsonl {
    /** One JSON value per line: two values on a line are an error, not the first one silently. */
    private static final ObjectReader LINE_READER = Json.MAPPER.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private Jsonl() {}

    /** Streams each non-blank line's value to {@code record} with "FILE: line N", which its errors should name. */
    public static void forEach(Path file, BiConsumer<JsonNode, String> record) {
        try (Utf8Lines lines = new Utf8Lines(file)) {
            for (String line; (line = lines.next()) != null; ) {
                if (lines.number() == 1) line = Utf8Text.stripBom(line);
                if (line.isBlank()) continue;
                String where = file + ": line " + lines.number();
                record.accept(parse(line, where), where);
            }
        }
    }

    /** Every record of the file, converted by {@code record}; a file with none is an error naming {@code what}. */
    public static <T> List<T> read(Path file, String what, BiFunction<JsonNode, String, T> record) {
        List<T> out = new ArrayList<>();
        forEach(file, (node, where) -> out.add(record.apply(node, where)));
        if (out.isEmpty()) throw new BitNetException(file + ": no " + what);
        return out;
    }

    /** A JSON value's kind in words, for errors: "an array", "a number", "null". */
    public static String kind(JsonNode node) {
        return switch (node.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            default -> node.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
        };
    }

    private static JsonNode parse(String line, String where) {
        try {
            return LINE_READER.readTree(line);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new BitNetException(where + ": not JSON (" + e.getOriginalMessage() + (at == null ? "" : " at column " + at.getColumnNr()) + ")");
        }
    }
}
