package dev.bitnet4j.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bitnet4j.BitNetException;

import java.nio.file.Path;
import java.util.List;

/**
 * Splits text into pre-tokens ("words"); BPE then works inside each one. Only the splits of
 * byte-level BPE tokenizers are supported: Llama 3's and GPT-2's. Public so that a BPE trainer
 * ({@code bitnet4j-train}) counts exactly the words the {@link Tokenizer} will encode; get Llama 3's
 * with {@link #llama3()}.
 */
public interface PreTokenizer {
    /** Llama 3's split regex (a Split pre-tokenizer followed by ByteLevel without its own regex). */
    String LLAMA3_PATTERN = "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}"
            + "| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";
    /** GPT-2's regex, the one a ByteLevel pre-tokenizer with use_regex=true applies. */
    String GPT2_PATTERN = "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+";

    /**
     * The tokenizer.ggml.pre names llama.cpp gives Llama 3's split (its LLAMA3 pre-type); the first is
     * the one its converter writes. Other names llama.cpp maps to the same split belong to other model
     * families and are not accepted.
     */
    List<String> LLAMA3_GGUF_NAMES = List.of("llama-bpe", "llama3", "llama-v3");

    /** Receives each pre-token as a range of the text. */
    interface Sink {
        /** The pre-token {@code text[start, end)}. */
        void piece(int start, int end);
    }

    /** Llama 3's split ({@link #LLAMA3_PATTERN}), the one {@link TokenizerJsonWriter} writes and 2B4T uses. */
    static PreTokenizer llama3() {
        return new Llama3PreTokenizer();
    }

    /**
     * Reports the pre-tokens of {@code text[from, to)} in order; together they cover the range.
     * {@code to} acts as the end of the text, as each stretch between added tokens is split alone.
     */
    void split(String text, int from, int to, Sink sink);

    /** The pre-tokenizer a tokenizer.json describes; anything else is refused, never approximated. */
    static PreTokenizer fromJson(Path file, JsonNode node) {
        String type = node.path("type").asText("");
        if (type.equals("ByteLevel") && node.path("use_regex").asBoolean(true)) {
            requireNoPrefixSpace(file, node);
            return new RegexPreTokenizer(GPT2_PATTERN);
        }
        JsonNode steps = node.path("pretokenizers");
        if (type.equals("Sequence") && steps.size() == 2) {
            JsonNode split = steps.get(0), byteLevel = steps.get(1);
            String pattern = split.path("pattern").path("Regex").asText(null);
            boolean isolatedSplit = split.path("type").asText("").equals("Split")
                    && split.path("behavior").asText("").equals("Isolated") && !split.path("invert").asBoolean(false);
            boolean plainByteLevel = byteLevel.path("type").asText("").equals("ByteLevel")
                    && !byteLevel.path("use_regex").asBoolean(true);
            if (isolatedSplit && plainByteLevel && pattern != null) {
                requireNoPrefixSpace(file, byteLevel);
                if (pattern.equals(LLAMA3_PATTERN)) return new Llama3PreTokenizer();
                if (pattern.equals(GPT2_PATTERN)) return new RegexPreTokenizer(GPT2_PATTERN);
                // Oniguruma and java.util.regex differ in corners, so an unknown pattern is not guessed at.
                throw new BitNetException(file + ": unsupported pre_tokenizer split pattern " + pattern
                        + " (supported: the Llama 3 and GPT-2 patterns)");
            }
        }
        throw new BitNetException(file + ": unsupported pre_tokenizer " + abbreviate(node)
                + " (supported: Llama 3's Sequence[Split(regex, Isolated), ByteLevel(use_regex=false)]"
                + " and GPT-2's ByteLevel(use_regex=true))");
    }

    static boolean isLlama3GgufName(String name) {
        return name != null && LLAMA3_GGUF_NAMES.contains(name);      // List.of(...).contains(null) throws
    }

    /** The pre-tokenizer a tokenizer.ggml.pre name stands for; a name we do not implement is refused. */
    static PreTokenizer fromGgufName(String where, String name) {
        if (isLlama3GgufName(name)) return new Llama3PreTokenizer();
        throw new BitNetException(where + ": " + (name == null ? "tokenizer.ggml.pre is missing"
                : "unsupported tokenizer.ggml.pre '" + name + "'") + " (supported: " + String.join(", ", LLAMA3_GGUF_NAMES) + ")");
    }

    private static void requireNoPrefixSpace(Path file, JsonNode byteLevel) {
        // A prefix space would make decode(encode(text)) differ from text; no Llama 3 or GPT-2 file sets it.
        if (byteLevel.path("add_prefix_space").asBoolean(false)) {
            throw new BitNetException(file + ": unsupported pre_tokenizer: ByteLevel with add_prefix_space=true");
        }
    }

    private static String abbreviate(JsonNode node) {
        String s = node.toString();
        return s.length() <= 200 ? s : s.substring(0, 200) + "...";
    }
}
