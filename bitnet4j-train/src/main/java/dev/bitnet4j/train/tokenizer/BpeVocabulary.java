package dev.bitnet4j.train.tokenizer;

import java.util.List;

/**
 * What BPE training learns: the byte-level token strings by id (the 256 single bytes first, byte b
 * having id b, then each learned token) and the merges, "left right", in the order they were learned,
 * which is the order (rank) BPE applies them in.
 */
record BpeVocabulary(List<String> tokens, List<String> merges) {
    BpeVocabulary {
        tokens = List.copyOf(tokens);
        merges = List.copyOf(merges);
    }
}
