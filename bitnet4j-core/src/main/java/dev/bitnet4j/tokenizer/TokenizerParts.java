package dev.bitnet4j.tokenizer;

import dev.bitnet4j.BitNetException;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a byte-level BPE tokenizer is made of, whichever source it was read from: a Hugging Face
 * tokenizer.json ({@link TokenizerLoader}) or GGUF vocabulary metadata ({@link VocabularyTokenizer}).
 * Both readers reduce their source to these parts, so both build their {@link Tokenizer} the same way
 * and give the same ids for the same vocabulary.
 */
final class TokenizerParts {
    private final int size;
    private final Map<String, Integer> vocab;
    private final List<AddedTokens.Token> added;
    private final Bpe bpe;
    private final PreTokenizer preTokenizer;
    private final Tokenizer.Ids ids;

    /**
     * @param where      the source, as errors name it (a file path)
     * @param vocabField the source's name for {@code vocab}, as errors name it
     * @param minSize    the least number of ids; more when a vocabulary entry or added token has a higher id
     * @param vocab      byte-level vocabulary entries (the ones BPE produces) and their ids
     * @param added      added tokens, matched in text before BPE
     */
    TokenizerParts(String where, String vocabField, int minSize, Map<String, Integer> vocab, List<AddedTokens.Token> added,
                   MergeTable merges, boolean ignoreMerges, PreTokenizer preTokenizer) {
        int size = minSize;
        for (int id : vocab.values()) size = Math.max(size, id + 1);
        for (AddedTokens.Token t : added) size = Math.max(size, t.id() + 1);
        this.size = size;
        this.vocab = vocab;
        this.added = added;
        this.bpe = new Bpe(vocab, merges, ignoreMerges, byteIds(where, vocabField, vocab));
        this.preTokenizer = preTokenizer;
        Map<String, Integer> addedIds = HashMap.newHashMap(added.size());
        for (AddedTokens.Token t : added) addedIds.put(t.content(), t.id());
        this.ids = new Tokenizer.Ids(vocab, addedIds);
    }

    /** Token strings to ids, which BOS/EOS names are looked up in. */
    Tokenizer.Ids ids() {
        return ids;
    }

    Tokenizer build(SpecialTokens specials) {
        byte[][] bytes = new byte[size][];
        boolean[] special = new boolean[size];
        vocab.forEach((token, id) -> bytes[id] = ByteLevel.decode(token));
        for (AddedTokens.Token t : added) {
            bytes[t.id()] = t.content().getBytes(StandardCharsets.UTF_8);
            special[t.id()] = t.special();
        }
        Encoder encoder = new Encoder(new AddedTokens(added), preTokenizer, bpe, Encoder.DEFAULT_CACHE_CAPACITY);
        return new Tokenizer(bytes, special, ids, encoder, specials);
    }

    /**
     * The merge table of "left right" strings, a merge's rank being its index. Each side and their
     * concatenation must be entries of {@code vocab}; errors name {@code field[rank]} and {@code vocabField}.
     */
    static MergeTable mergeTable(String where, String field, List<String> merges, Map<String, Integer> vocab, String vocabField) {
        MergeTable table = new MergeTable(merges.size());
        for (int rank = 0; rank < merges.size(); rank++) {
            String merge = merges.get(rank);
            int space = merge.indexOf(' ');
            if (space <= 0 || space == merge.length() - 1 || merge.indexOf(' ', space + 1) >= 0) {
                throw new BitNetException(where + ": " + field + "[" + rank + "] \"" + merge + "\" is not a pair of tokens");
            }
            String a = merge.substring(0, space), b = merge.substring(space + 1);
            Integer left = vocab.get(a), right = vocab.get(b), merged = vocab.get(a + b);
            if (left == null || right == null || merged == null) {
                throw new BitNetException(where + ": " + field + "[" + rank + "] \"" + merge + "\" uses a token missing from "
                        + vocabField);
            }
            table.put(left, right, rank, merged);
        }
        return table;
    }

    /** The vocab id of each byte's character; byte-level BPE cannot encode arbitrary text without all 256. */
    private static int[] byteIds(String where, String vocabField, Map<String, Integer> vocab) {
        int[] ids = new int[256];
        for (int b = 0; b < 256; b++) {
            Integer id = vocab.get(String.valueOf(ByteLevel.toChar(b)));
            if (id == null) throw new BitNetException(where + ": " + vocabField + " has no byte-level token for byte " + b);
            ids[b] = id;
        }
        return ids;
    }
}
