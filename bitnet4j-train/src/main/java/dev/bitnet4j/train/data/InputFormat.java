package dev.bitnet4j.train.data;

import dev.bitnet4j.BitNetException;

import java.nio.file.Path;
import java.util.Locale;

/** How an input file holds its documents. */
public enum InputFormat {
    /** JSONL for a name ending in .jsonl or .ndjson, else text. */
    AUTO,
    /** Plain UTF-8 text: one document per file, or per blank-line-separated block ({@link DocumentSeparator}). */
    TEXT,
    /** One JSON object per line, the document being a string field of it ({"text": ...}); blank lines are skipped. */
    JSONL;

    /** The format of {@code file}: this one, or for {@link #AUTO} the one its name suggests. */
    public InputFormat of(Path file) {
        if (this != AUTO) return this;
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".jsonl") || name.endsWith(".ndjson") ? JSONL : TEXT;
    }

    /** Parses a command-line value: auto, text or jsonl. */
    public static InputFormat parse(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "auto" -> AUTO;
            case "text", "txt" -> TEXT;
            case "jsonl" -> JSONL;
            default -> throw new BitNetException("--format must be auto, text or jsonl, found '" + value + "'");
        };
    }
}
