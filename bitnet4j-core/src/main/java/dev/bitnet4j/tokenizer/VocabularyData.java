package dev.bitnet4j.tokenizer;

import dev.bitnet4j.BitNetException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * A tokenizer as llama.cpp stores it in GGUF metadata, one component per key, independent of the
 * GGUF container: the integration fills it from a GGUF file's keys, {@link Tokenizer#fromVocabulary}
 * makes the tokenizer, {@link #fromTokenizerJson} gives what llama.cpp's converter would write for a
 * Hugging Face tokenizer, and {@link TokenizerJsonWriter} writes it back as tokenizer.json.
 *
 * <p>Supported: byte-level BPE ({@code model} "gpt2") with Llama 3's pre-tokenizer ({@code pre}
 * "llama-bpe", or its aliases in {@link #LLAMA3_PRE_NAMES}), token types NORMAL, CONTROL,
 * USER_DEFINED and UNUSED, and no EOS appended to every encode. Anything else is refused by
 * {@link Tokenizer#fromVocabulary}, since it would give ids other than llama.cpp's.
 *
 * @param model        {@code tokenizer.ggml.model}: "gpt2" for byte-level BPE; null when absent
 * @param pre          {@code tokenizer.ggml.pre}: the pre-tokenizer's name, "llama-bpe" for Llama 3; null when absent
 * @param tokens       {@code tokenizer.ggml.tokens}: each id's string; byte-level form for NORMAL tokens,
 *                     the plain text for CONTROL and USER_DEFINED ones
 * @param tokenTypes   {@code tokenizer.ggml.token_type}: each id's type, {@link #NORMAL} to {@link #BYTE}.
 *                     When the key is absent llama.cpp takes every token as NORMAL; pass that
 * @param merges       {@code tokenizer.ggml.merges}: "left right" pairs of NORMAL tokens, the first merged first
 * @param bos          {@code tokenizer.ggml.bos_token_id}; empty when absent
 * @param eos          {@code tokenizer.ggml.eos_token_id}; empty when absent
 * @param addBos       {@code tokenizer.ggml.add_bos_token}; when absent, {@link #defaultAddBos} of {@code pre}
 * @param addEos       {@code tokenizer.ggml.add_eos_token}; false when absent
 * @param chatTemplate {@code tokenizer.chat_template}: Jinja2 source; null when absent
 */
public record VocabularyData(String model, String pre, List<String> tokens, int[] tokenTypes, List<String> merges,
                             OptionalInt bos, OptionalInt eos, boolean addBos, boolean addEos, String chatTemplate) {
    /** Token types, as llama.cpp numbers them (gguf-py's TokenType). */
    public static final int NORMAL = 1, UNKNOWN = 2, CONTROL = 3, USER_DEFINED = 4, UNUSED = 5, BYTE = 6;
    /** The tokenizer.ggml.model of byte-level BPE. */
    public static final String MODEL_GPT2 = "gpt2";
    /** The tokenizer.ggml.pre names of Llama 3's pre-tokenizer; the first is the one written. */
    public static final List<String> LLAMA3_PRE_NAMES = PreTokenizer.LLAMA3_GGUF_NAMES;

    public VocabularyData {
        tokens = List.copyOf(tokens);
        tokenTypes = tokenTypes.clone();
        merges = List.copyOf(merges);
        Objects.requireNonNull(bos, "bos");
        Objects.requireNonNull(eos, "eos");
    }

    /**
     * What llama.cpp's converter writes for a Hugging Face tokenizer.json (read with the
     * tokenizer_config.json and chat template beside it, as {@link Tokenizer#load} and
     * {@link dev.bitnet4j.chat.ChatTemplate#find} read them): added tokens become CONTROL when special
     * (or when they look special, such as "&lt;|x|&gt;") and USER_DEFINED otherwise, vocabulary entries
     * NORMAL, and missing ids "[PAD<i>id</i>]" UNUSED.
     *
     * @throws BitNetException for a tokenizer GGUF metadata cannot hold: a pre-tokenizer without a llama.cpp
     *                         name we support, merges not ignored for whole-vocabulary words, added tokens
     *                         with lstrip, rstrip or single_word, and whatever {@link Tokenizer#load} refuses
     */
    public static VocabularyData fromTokenizerJson(Path tokenizerJson) {
        return TokenizerJsonVocabulary.read(tokenizerJson);
    }

    /**
     * Whether llama.cpp adds BOS when tokenizer.ggml.add_bos_token is absent: it does for the Llama 3
     * pre-tokenizer names.
     */
    public static boolean defaultAddBos(String pre) {
        return PreTokenizer.isLlama3GgufName(pre);
    }

    /** The number of ids. */
    public int size() {
        return tokens.size();
    }

    /** The type of each id; a copy. */
    @Override
    public int[] tokenTypes() {
        return tokenTypes.clone();
    }

    int tokenType(int id) {
        return tokenTypes[id];
    }

    /**
     * This vocabulary padded to {@code vocabSize} ids with "[PAD<i>id</i>]" UNUSED tokens, as llama.cpp's
     * converter pads it when the model's vocab_size exceeds the tokenizer's (2B4T: both 128,256).
     *
     * @throws BitNetException when the vocabulary already has more ids than {@code vocabSize}
     */
    public VocabularyData withVocabSize(int vocabSize) {
        if (vocabSize < size()) {
            throw new BitNetException("the model's vocab_size " + vocabSize + " is smaller than the tokenizer's " + size() + " ids");
        }
        if (vocabSize == size()) return this;
        List<String> padded = new ArrayList<>(vocabSize);
        padded.addAll(tokens);
        for (int id = size(); id < vocabSize; id++) padded.add(padToken(id));
        int[] types = Arrays.copyOf(tokenTypes, vocabSize);
        Arrays.fill(types, size(), vocabSize, UNUSED);
        return new VocabularyData(model, pre, padded, types, merges, bos, eos, addBos, addEos, chatTemplate);
    }

    /** The placeholder llama.cpp's converter writes for an id the tokenizer does not have. */
    static String padToken(int id) {
        return "[PAD" + id + "]";
    }

    // A record compares arrays by identity; two vocabularies are equal when their contents are.
    @Override
    public boolean equals(Object o) {
        return o instanceof VocabularyData v && Objects.equals(model, v.model) && Objects.equals(pre, v.pre)
                && tokens.equals(v.tokens) && Arrays.equals(tokenTypes, v.tokenTypes) && merges.equals(v.merges)
                && bos.equals(v.bos) && eos.equals(v.eos) && addBos == v.addBos && addEos == v.addEos
                && Objects.equals(chatTemplate, v.chatTemplate);
    }

    @Override
    public int hashCode() {
        return Objects.hash(model, pre, tokens, Arrays.hashCode(tokenTypes), merges, bos, eos, addBos, addEos, chatTemplate);
    }

    /** A summary: the lists run to hundreds of thousands of entries. */
    @Override
    public String toString() {
        return "VocabularyData[model=" + model + ", pre=" + pre + ", " + tokens.size() + " tokens, " + merges.size()
                + " merges, bos=" + bos + ", eos=" + eos + ", addBos=" + addBos + ", addEos=" + addEos
                + ", chatTemplate=" + (chatTemplate == null ? "none" : chatTemplate.length() + " chars") + "]";
    }
}
