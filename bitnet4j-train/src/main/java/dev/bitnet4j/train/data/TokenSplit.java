package dev.bitnet4j.train.data;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Objects;

/**
 * The train or validation tokens of a {@link TokenFile}: documents in shuffled order, each followed by EOS,
 * read straight from the mapping (u16 or u32, little-endian).
 */
public final class TokenSplit {
    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(java.nio.ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(java.nio.ByteOrder.LITTLE_ENDIAN);

    private final String name;
    private final MemorySegment tokens;
    private final long width, size, documents;

    TokenSplit(String name, MemorySegment tokens, long width, long size, long documents) {
        this.name = name;
        this.tokens = tokens;
        this.width = width;
        this.size = size;
        this.documents = documents;
    }

    /** "train" or "validation". */
    public String name() {
        return name;
    }

    /** The number of tokens, EOS tokens included. */
    public long size() {
        return size;
    }

    /** The number of documents. */
    public long documents() {
        return documents;
    }

    /** The token at {@code index}. */
    public int token(long index) {
        Objects.checkIndex(index, size);
        return width == 2 ? Short.toUnsignedInt(tokens.get(U16, index * 2)) : tokens.get(U32, index * 4);
    }

    /** Copies tokens {@code [from, from + length)} into {@code dst[offset, offset + length)}. */
    public void read(long from, int[] dst, int offset, int length) {
        Objects.checkFromIndexSize(from, length, size);
        Objects.checkFromIndexSize(offset, length, dst.length);
        for (int i = 0; i < length; i++) dst[offset + i] = token(from + i);
    }
}
