package dev.bitnet4j;

import dev.bitnet4j.chat.ChatTemplate;
import dev.bitnet4j.format.Checkpoint;
import dev.bitnet4j.format.gguf.GgufFile;
import dev.bitnet4j.format.gguf.GgufVocabulary;
import dev.bitnet4j.tokenizer.Tokenizer;
import dev.bitnet4j.tokenizer.VocabularyData;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The tokenizer and chat template of a model path. A Hugging Face folder has them as files. A GGUF file
 * uses tokenizer.json (and tokenizer_config.json, chat_template.jinja) when they lie beside it, as llama.cpp
 * users often keep them; otherwise the tokenizer and template stored in its metadata (tokenizer.ggml.*,
 * tokenizer.chat_template), which give the same ids.
 */
public final class ModelAssets {
    private ModelAssets() {}

    /** The folder whose tokenizer.json serves this model path, if any. */
    public static Optional<Path> tokenizerFolder(Path model) {
        Path dir = Checkpoint.ggufFile(model).map(f -> f.toAbsolutePath().getParent()).orElse(model);
        return Files.isRegularFile(dir.resolve(Tokenizer.FILE)) ? Optional.of(dir) : Optional.empty();
    }

    /** A model's tokenizer (empty when it has none) and chat template, read together. */
    public record Assets(Optional<Tokenizer> tokenizer, ChatTemplate chatTemplate) {}

    /**
     * The tokenizer and the chat template at once: for a GGUF file without tokenizer.json beside it, the
     * vocabulary is read from its metadata once for both (it is large: 128k tokens and 280k merges for 2B4T).
     */
    public static Assets load(Path model) {
        Optional<Path> gguf = Checkpoint.ggufFile(model);
        Optional<Path> dir = tokenizerFolder(model);
        if (gguf.isEmpty() || dir.isPresent()) {
            return new Assets(dir.flatMap(Tokenizer::find), ChatTemplate.find(dir.orElse(model)));
        }
        Optional<VocabularyData> vocab = ggufVocabulary(model);
        return new Assets(vocab.map(v -> Tokenizer.fromVocabulary(v, gguf.get().toString())), ggufTemplate(gguf.get(), vocab));
    }

    /** The model's tokenizer; empty when it has none (a GGUF file with {@code no_vocab}, a folder without tokenizer.json). */
    public static Optional<Tokenizer> tokenizer(Path model) {
        Optional<Path> dir = tokenizerFolder(model);
        if (dir.isPresent()) return Tokenizer.find(dir.get());
        return ggufVocabulary(model).map(v -> Tokenizer.fromVocabulary(v, Checkpoint.ggufFile(model).orElseThrow().toString()));
    }

    /**
     * The model's chat template: see {@link ChatTemplate#find}. For a GGUF file without tokenizer.json beside it,
     * tokenizer.chat_template with its BOS/EOS token text, else the built-in 2B4T template.
     */
    public static ChatTemplate chatTemplate(Path model) {
        Optional<Path> gguf = Checkpoint.ggufFile(model);
        Optional<Path> dir = tokenizerFolder(model);
        if (gguf.isEmpty() || dir.isPresent()) return ChatTemplate.find(dir.orElse(model));
        return ggufTemplate(gguf.get(), ggufVocabulary(model));
    }

    private static ChatTemplate ggufTemplate(Path gguf, Optional<VocabularyData> vocab) {
        String bos = vocab.flatMap(v -> tokenText(v, v.bos())).orElse(null);
        String eos = vocab.flatMap(v -> tokenText(v, v.eos())).orElse(null);
        String source = vocab.map(VocabularyData::chatTemplate).orElse(null);
        return source == null ? ChatTemplate.builtIn(bos, eos) : ChatTemplate.of(source, gguf + " (tokenizer.chat_template)", bos, eos);
    }

    private static Optional<String> tokenText(VocabularyData v, java.util.OptionalInt id) {
        return id.isPresent() && id.getAsInt() < v.size() ? Optional.of(v.tokens().get(id.getAsInt())) : Optional.empty();
    }

    /** The vocabulary a converter writes into GGUF: from tokenizer.json, or from the GGUF metadata. */
    public static Optional<VocabularyData> vocabulary(Path model) {
        Optional<Path> dir = tokenizerFolder(model);
        if (dir.isPresent()) return Optional.of(VocabularyData.fromTokenizerJson(dir.get().resolve(Tokenizer.FILE)));
        return ggufVocabulary(model);
    }

    private static Optional<VocabularyData> ggufVocabulary(Path model) {
        Optional<Path> file = Checkpoint.ggufFile(model);
        if (file.isEmpty()) return Optional.empty();
        try (GgufFile f = GgufFile.open(file.get())) {
            return GgufVocabulary.read(f);
        }
    }
}
