package dev.bitnet4j.train.data;

import dev.bitnet4j.BitNetException;

import java.util.Locale;

/** Where one document of a text file ends and the next begins. */
public enum DocumentSeparator {
    /** Each file is one document. */
    FILE,
    /** Blocks of lines separated by one or more blank (or whitespace-only) lines; a block's lines are joined with "\n". */
    BLANK_LINE;

    /** Parses a command-line value: file or blank-line. */
    public static DocumentSeparator parse(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "file" -> FILE;
            case "blank-line", "blank_line" -> BLANK_LINE;
            default -> throw new BitNetException("--doc-separator must be file or blank-line, found '" + value + "'");
        };
    }
}
