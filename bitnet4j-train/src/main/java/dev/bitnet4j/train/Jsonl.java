package dev.bitnet4j.train;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bitnet4j.BitNetException;
import dev.bitnet4j.format.Json;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/** A JSONL file of records (chat data, preference pairs, tasks): one JSON value per non-blank line. */
public final class Jsonl {
    private Jsonl() {}

    /**
     * Each non-blank line parsed and handed to {@code record} with "FILE line N", which its errors name; the
     * file must be UTF-8 and hold at least one record ({@code what} names them in that error).
     */
    public static <T> List<T> read(Path file, String what, BiFunction<JsonNode, String, T> record) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (MalformedInputException e) {
            throw new BitNetException(file + ": not valid UTF-8");
        } catch (IOException e) {
            throw new BitNetException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
        List<T> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) continue;
            String where = file + " line " + (i + 1);
            out.add(record.apply(Json.parse(lines.get(i).getBytes(StandardCharsets.UTF_8), where), where));
        }
        if (out.isEmpty()) throw new BitNetException(file + ": no " + what);
        return out;
    }
}
