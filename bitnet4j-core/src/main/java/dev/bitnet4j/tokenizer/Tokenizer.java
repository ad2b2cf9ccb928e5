package dev.bitnet4j.tokenizer;

import dev.bitnet4j.BitNetException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A byte-level BPE tokenizer read from a Hugging Face tokenizer.json (the Llama 3 one for 2B4T),
 * with BOS/EOS from the tokenizer_config.json beside it, or from GGUF vocabulary metadata
 * ({@link #fromVocabulary}). Each id maps to raw bytes: vocabulary entries through the byte-level
 * alphabet, added tokens as the UTF-8 of their text. Decoding joins bytes and reads them as UTF-8;
 * encoding gives the ids Hugging Face's {@code encode} gives.
 * Instances are immutable apart from a thread-safe word cache, so one can serve many threads.
 */
public final class Tokenizer {
    public static final String FILE = "tokenizer.json";

    /** Token strings to ids: added tokens' content first, then vocabulary entries (byte-level form). */
    record Ids(Map<String, Integer> vocab, Map<String, Integer> added) {
        OptionalInt of(String token) {
            Integer id = added.get(token);
            if (id == null) id = vocab.get(token);
            return id == null ? OptionalInt.empty() : OptionalInt.of(id);
        }
    }

    private final byte[][] tokenBytes;
    private final boolean[] special;
    private final Ids ids;
    private final Encoder encoder;
    private final SpecialTokens specials;

    Tokenizer(byte[][] tokenBytes, boolean[] special, Ids ids, Encoder encoder, SpecialTokens specials) {
        this.tokenBytes = tokenBytes;
        this.special = special;
        this.ids = ids;
        this.encoder = encoder;
        this.specials = specials;
    }

    /** The tokenizer of a model folder, if it has a tokenizer.json. */
    public static Optional<Tokenizer> find(Path folder) {
        Path file = folder.resolve(FILE);
        return Files.exists(file) ? Optional.of(load(file)) : Optional.empty();
    }

    /** Reads a tokenizer.json, and the tokenizer_config.json in the same folder if there is one. */
    public static Tokenizer load(Path file) {
        return TokenizerLoader.load(file);
    }

    /**
     * The tokenizer that GGUF vocabulary metadata describes; it gives the ids the same tokenizer read
     * from tokenizer.json gives. {@code where} (such as the GGUF file's path) names the source in errors.
     *
     * @throws BitNetException when the data is inconsistent or describes a tokenizer we do not implement
     *                         (see {@link VocabularyData} for what is supported)
     */
    public static Tokenizer fromVocabulary(VocabularyData data, String where) {
        return VocabularyTokenizer.build(data, where);
    }

    /**
     * This tokenizer with its own word cache of {@code capacity} pre-tokens (0: none), sharing
     * everything else. The default is {@value Encoder#DEFAULT_CACHE_CAPACITY}.
     */
    public Tokenizer withWordCache(int capacity) {
        return new Tokenizer(tokenBytes, special, ids, encoder.withCacheCapacity(capacity), specials);
    }

    public int size() {
        return tokenBytes.length;
    }

    public boolean isSpecial(int id) {
        return id >= 0 && id < special.length && special[id];
    }

    /** The raw bytes of one token; empty for an id the tokenizer does not know. */
    public byte[] bytes(int id) {
        return id >= 0 && id < tokenBytes.length && tokenBytes[id] != null ? tokenBytes[id] : new byte[0];
    }

    /** The id of an added token's content (such as "<|eot_id|>") or of a vocabulary entry (such as "Ġthe"). */
    public OptionalInt tokenId(String tokenOrSpecialContent) {
        return ids.of(tokenOrSpecialContent);
    }

    /** The beginning-of-text token: tokenizer_config's bos_token, else the one the post-processor template adds. */
    public OptionalInt bosId() {
        return specials.bos();
    }

    /** The end-of-sequence tokens named by tokenizer_config.json (its eos_token); empty without one. */
    public List<Integer> eosIds() {
        return specials.eos();
    }

    /** Whether the model expects BOS before the text, as Hugging Face's {@code tokenizer(text)} adds it. */
    public boolean addBosByDefault() {
        return specials.addBos();
    }

    /**
     * Encodes text to ids, without BOS. With {@code parseSpecial} (Hugging Face's default), added
     * token strings in the text, such as "<|eot_id|>", become their ids; without it special tokens
     * are encoded as plain text, which is what untrusted text (user input) needs. A lone surrogate
     * is encoded as U+FFFD.
     */
    public int[] encode(String text, boolean parseSpecial) {
        IntList out = new IntList(text.length() / 3 + 1);
        encoder.encode(text, parseSpecial, out);
        return out.toArray();
    }

    /**
     * A prompt from untrusted text, as {@code generate --prompt} and the Java API encode it: special-token
     * strings in the text stay plain text, and BOS goes first when the tokenizer adds one by default.
     */
    public int[] encodePrompt(String userText) {
        return withBos(encode(userText, false));
    }

    /**
     * Marks every special-token string in user text so that {@link #encode} with parseSpecial keeps
     * it as plain text, even after a chat template has embedded it between real markers. Encoding
     * and decoding drop the marks; the text is otherwise unchanged.
     */
    public String protect(String userText) {
        return encoder.protect(userText);
    }

    /** ids with the BOS token put first when the tokenizer adds one by default and it is not there yet. */
    public int[] withBos(int[] ids) {
        OptionalInt bos = bosId();
        if (!addBosByDefault() || bos.isEmpty() || (ids.length > 0 && ids[0] == bos.getAsInt())) return ids;
        int[] out = new int[ids.length + 1];
        out[0] = bos.getAsInt();
        System.arraycopy(ids, 0, out, 1, ids.length);
        return out;
    }

    /** {@link #encode} with {@link #bosId()} in front; an error when the tokenizer has no BOS. */
    public int[] encodeWithBos(String text, boolean parseSpecial) {
        int bos = bosId().orElseThrow(() -> new BitNetException(specials.source() + " names no BOS token"));
        IntList out = new IntList(text.length() / 3 + 2);
        out.add(bos);
        encoder.encode(text, parseSpecial, out);
        return out.toArray();
    }

    /** Decodes ids to text; each maximal invalid UTF-8 subpart becomes U+FFFD. */
    public String decode(int[] ids, boolean skipSpecial) {
        StreamingDecoder d = streamingDecoder(skipSpecial);
        StringBuilder sb = new StringBuilder();
        for (int id : ids) sb.append(d.accept(id));
        return sb.append(d.flush()).toString();
    }

    /** A decoder for a stream of ids that never splits a UTF-8 character. */
    public StreamingDecoder streamingDecoder(boolean skipSpecial) {
        return new StreamingDecoder(this, skipSpecial);
    }
}
