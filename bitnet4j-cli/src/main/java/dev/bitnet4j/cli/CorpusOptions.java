package dev.bitnet4j.cli;

import dev.bitnet4j.train.data.Corpus;
import dev.bitnet4j.train.data.DocumentSeparator;
import dev.bitnet4j.train.data.InputFormat;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;

/** The input files of train-tokenizer and prepare-data, and how to read documents from them. */
final class CorpusOptions {
    @Option(names = "--input", required = true, arity = "1..*", paramLabel = "FILE",
            description = "Input files: UTF-8 text, or JSONL with one {\"text\": ...} object per line.")
    List<Path> inputs;

    @Option(names = "--format", defaultValue = "auto",
            description = "auto (JSONL for .jsonl/.ndjson names, else text), text or jsonl (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--text-field", defaultValue = "text", description = "The JSONL field holding the text (default: ${DEFAULT-VALUE}).")
    String textField;

    @Option(names = "--doc-separator", defaultValue = "file",
            description = "file (each text file is one document) or blank-line (blank lines separate documents) (default: ${DEFAULT-VALUE}).")
    String separator;

    Corpus corpus() {
        return new Corpus(inputs, InputFormat.parse(format), textField, DocumentSeparator.parse(separator));
    }
}
