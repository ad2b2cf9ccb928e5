package dev.bitnet4j.train.tokenizer;

import dev.bitnet4j.BitNetException;
import dev.bitnet4j.chat.ChatTemplate;
import dev.bitnet4j.tokenizer.Tokenizer;
import dev.bitnet4j.tokenizer.TokenizerJsonWriter;
import dev.bitnet4j.tokenizer.VocabularyData;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;

/**
 * Trains a byte-level BPE tokenizer laid out as BitNet b1.58 2B4T's (Llama 3's): the Llama 3 pre-tokenizer,
 * ids 0-255 the single bytes (byte b has id b), then the learned tokens in learning order, then
 * {@link #SPECIAL_TOKENS}. BOS is {@code <|begin_of_text|>} and is put before every encoded text, as 2B4T's
 * post-processor does; EOS is {@code <|eot_id|>}, 2B4T's eos_token, which its chat template ends every turn
 * with; the chat template is 2B4T's. {@link #write} writes it as a folder {@link Tokenizer#load} and
 * {@link ChatTemplate#find} read.
 */
public final class TokenizerTrainer {
    private TokenizerTrainer() {}

    /** Appended after the learned tokens, in this order; the 2B4T chat template needs only {@code <|eot_id|>}. */
    public static final List<String> SPECIAL_TOKENS = List.of("<|begin_of_text|>", "<|end_of_text|>", "<|eot_id|>");
    /** The beginning-of-text token. */
    public static final String BOS = "<|begin_of_text|>";
    /** The end-of-sequence token (2B4T's eos_token), which also separates documents in prepared data. */
    public static final String EOS = "<|eot_id|>";
    /** The smallest vocabulary: the 256 bytes and the special tokens. */
    public static final int MIN_VOCAB = 256 + SPECIAL_TOKENS.size();
    /** A pair seen once is not worth a token (Hugging Face's trainer default is 0; 2 drops noise). */
    public static final long DEFAULT_MIN_FREQUENCY = 2;

    /**
     * Learns a vocabulary of exactly {@code vocabSize} ids (special tokens included) from {@code words}.
     *
     * @throws BitNetException when {@code vocabSize} is below {@link #MIN_VOCAB}, {@code minFrequency} below 1,
     *                         the corpus is empty, or it has too few frequent pairs to fill the vocabulary
     */
    public static VocabularyData train(WordCounts words, int vocabSize, long minFrequency) {
        if (vocabSize < MIN_VOCAB) {
            throw new BitNetException("--vocab " + vocabSize + " is too small: the 256 byte tokens and " + SPECIAL_TOKENS.size()
                    + " special tokens need at least " + MIN_VOCAB);
        }
        if (minFrequency < 1) throw new BitNetException("--min-frequency must be at least 1, found " + minFrequency);
        if (words.total() == 0) throw new BitNetException("the corpus is empty: no text to learn merges from");
        BpeVocabulary bpe = BpeTrainer.learn(words, vocabSize - SPECIAL_TOKENS.size(), minFrequency);
        int reachable = bpe.tokens().size() + SPECIAL_TOKENS.size();
        if (reachable < vocabSize) {
            throw new BitNetException("the corpus supports a vocabulary of at most " + reachable + " tokens, not " + vocabSize
                    + ": no pair of tokens is left that occurs at least " + minFrequency
                    + " times (use a smaller --vocab, a larger corpus or a lower --min-frequency)");
        }
        List<String> tokens = new ArrayList<>(bpe.tokens());
        tokens.addAll(SPECIAL_TOKENS);
        int[] types = new int[tokens.size()];
        Arrays.fill(types, VocabularyData.NORMAL);
        Arrays.fill(types, bpe.tokens().size(), types.length, VocabularyData.CONTROL);
        return new VocabularyData(VocabularyData.MODEL_GPT2, VocabularyData.LLAMA3_PRE_NAMES.getFirst(), tokens, types,
                bpe.merges(), OptionalInt.of(tokens.indexOf(BOS)), OptionalInt.of(tokens.indexOf(EOS)), true, false,
                ChatTemplate.builtIn(null, null).source());
    }

    /**
     * Writes tokenizer.json, tokenizer_config.json and chat_template.jinja into {@code folder} (created if
     * missing), each atomically, with core's {@link TokenizerJsonWriter}; {@code where} names the corpus in errors.
     */
    public static void write(VocabularyData vocabulary, String where, Path folder) {
        TokenizerJsonWriter.write(vocabulary, where, folder);
    }
}
