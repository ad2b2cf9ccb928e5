package dev.bitnet4j.train.data;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bitnet4j.BitNetException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Input files and how to read documents from them. Documents come in file order, and in order within a
 * file; a blank (empty or whitespace-only) document is skipped, since it would only add a lone EOS.
 *
 * @param files     the input files, read in this order
 * @param format    text, JSONL, or chosen per file by its name
 * @param textField the JSONL field holding a document's text
 * @param separator how a text file is cut into documents (JSONL has one per line)
 */
public record Corpus(List<Path> files, InputFormat format, String textField, DocumentSeparator separator) {
    public Corpus {
        files = List.copyOf(files);
        if (files.isEmpty()) throw new BitNetException("no input files");
    }

    /** Files read with the defaults: format by name, field "text", one document per text file. */
    public static Corpus of(List<Path> files) {
        return new Corpus(files, InputFormat.AUTO, "text", DocumentSeparator.FILE);
    }

    /** Reads every document and gives it to {@code documents}. */
    public void forEachDocument(Consumer<String> documents) {
        for (Path file : files) {
            switch (format.of(file)) {
                case JSONL -> jsonl(file, documents);
                case TEXT -> text(file, documents);
                case AUTO -> throw new IllegalStateException("AUTO resolves to a format");
            }
        }
    }

    private void text(Path file, Consumer<String> documents) {
        String text = Utf8Text.read(file);
        if (separator == DocumentSeparator.FILE) {
            emit(text, documents);
            return;
        }
        List<String> block = new ArrayList<>();
        for (String line : text.split("\r\n|\r|\n", -1)) {
            if (line.isBlank()) {
                emit(String.join("\n", block), documents);
                block.clear();
            } else {
                block.add(line);
            }
        }
        emit(String.join("\n", block), documents);
    }

    private void jsonl(Path file, Consumer<String> documents) {
        Jsonl.forEach(file, (record, where) -> emit(documentOf(record, where), documents));
    }

    /** The text field of one JSONL record; errors name the file, the line and the problem. */
    private String documentOf(JsonNode record, String where) {
        if (!record.isObject()) throw new BitNetException(where + ": expected a JSON object {\"" + textField + "\": ...}, found " + Jsonl.kind(record));
        JsonNode text = record.get(textField);
        if (text == null) throw new BitNetException(where + ": no field \"" + textField + "\"");
        if (!text.isTextual()) throw new BitNetException(where + ": field \"" + textField + "\" is not a string but " + Jsonl.kind(text));
        return text.asText();
    }

    private static void emit(String document, Consumer<String> documents) {
        if (!document.isBlank()) documents.accept(document);
    }
}
