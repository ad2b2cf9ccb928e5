package dev.bitnet4j.format.gguf;

import dev.bitnet4j.BitNetException;
import dev.bitnet4j.tokenizer.VocabularyData;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** The tokenizer keys of GGUF metadata ({@code tokenizer.ggml.*}, {@code tokenizer.chat_template}) to and from {@link VocabularyData}. */
public final class GgufVocabulary {
    private GgufVocabulary() {}

    static final String MODEL = "tokenizer.ggml.model", PRE = "tokenizer.ggml.pre", TOKENS = "tokenizer.ggml.tokens",
            TYPES = "tokenizer.ggml.token_type", MERGES = "tokenizer.ggml.merges", BOS = "tokenizer.ggml.bos_token_id",
            EOS = "tokenizer.ggml.eos_token_id", ADD_BOS = "tokenizer.ggml.add_bos_token",
            ADD_EOS = "tokenizer.ggml.add_eos_token", TEMPLATE = "tokenizer.chat_template";
    /** What a file without a tokenizer says (llama.cpp then needs {@code <arch>.vocab_size}). */
    static final String NO_VOCAB = "no_vocab";

    /** The file's vocabulary; empty when it has none ({@code no_vocab} or no tokenizer keys). */
    public static Optional<VocabularyData> read(GgufFile f) {
        GgufMetadata m = f.metadata();
        Optional<String> model = m.optString(MODEL);
        if (model.isEmpty() || model.get().equals(NO_VOCAB)) return Optional.empty();
        List<String> tokens = m.stringArray(TOKENS);
        int[] types;
        if (m.get(TYPES).isPresent()) {
            types = m.intArray(TYPES);
        } else {
            types = new int[tokens.size()];
            Arrays.fill(types, VocabularyData.NORMAL);          // llama.cpp's reading of a file without the key
        }
        List<String> merges = m.get(MERGES).isPresent() ? m.stringArray(MERGES) : List.of();
        String pre = m.optString(PRE).orElse(null);
        boolean addBos = m.optBool(ADD_BOS).orElse(VocabularyData.defaultAddBos(pre));
        return Optional.of(new VocabularyData(model.get(), pre, tokens, types, merges, id(m, BOS), id(m, EOS), addBos,
                m.optBool(ADD_EOS).orElse(false), m.optString(TEMPLATE).orElse(null)));
    }

    private static OptionalInt id(GgufMetadata m, String key) {
        var v = m.optInteger(key);
        if (v.isEmpty()) return OptionalInt.empty();
        if (v.getAsLong() < 0 || v.getAsLong() > Integer.MAX_VALUE) {
            throw new BitNetException(m.source() + ": metadata key '" + key + "' is " + v.getAsLong() + ", not a token id");
        }
        return OptionalInt.of((int) v.getAsLong());
    }

    /** Writes the tokenizer keys as llama.cpp's converter does; {@code no_vocab} when there is none. */
    public static void write(Optional<VocabularyData> vocab, GgufWriter w) {
        if (vocab.isEmpty()) {
            w.put(MODEL, GgufValue.string(NO_VOCAB));
            return;
        }
        VocabularyData v = vocab.get();
        w.put(MODEL, GgufValue.string(v.model()));
        if (v.pre() != null) w.put(PRE, GgufValue.string(v.pre()));
        w.put(TOKENS, GgufValue.array(GgufValueType.STRING, v.tokens()));
        w.put(TYPES, GgufValue.array(GgufValueType.INT32, Arrays.stream(v.tokenTypes()).boxed().toList()));
        w.put(MERGES, GgufValue.array(GgufValueType.STRING, v.merges()));
        v.bos().ifPresent(id -> w.put(BOS, GgufValue.u32(id)));
        v.eos().ifPresent(id -> w.put(EOS, GgufValue.u32(id)));
        w.put(ADD_BOS, GgufValue.bool(v.addBos()));
        w.put(ADD_EOS, GgufValue.bool(v.addEos()));
        if (v.chatTemplate() != null) w.put(TEMPLATE, GgufValue.string(v.chatTemplate()));
    }
}
