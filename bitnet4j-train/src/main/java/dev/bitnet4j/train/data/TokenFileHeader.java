package dev.bitnet4j.train.data;

import dev.bitnet4j.BitNetException;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The fixed 128-byte header of a token file, little-endian:
 * <pre>
 *   0  8 bytes  magic "BN4JTOKS"
 *   8  u32      version (1)
 *  12  u32      vocabulary size (every token is below it)
 *  16  u32      bytes per token: 2 when the vocabulary has at most 65,536 ids, else 4
 *  20  u32      the EOS id that follows every document
 *  24  u64      the shuffle seed
 *  32  u64      train tokens     40  u64  validation tokens
 *  48  u64      train documents  56  u64  validation documents
 *  64  32 bytes SHA-256 of the tokenizer.json the tokens come from
 *  96  32 bytes zero (reserved)
 * </pre>
 * The train tokens follow, then the validation ones: each document's tokens then EOS, documents in shuffled order.
 */
public record TokenFileHeader(int vocabSize, int tokenBytes, int eosId, long seed, long trainTokens, long valTokens,
                              long trainDocuments, long valDocuments, byte[] tokenizerSha256) {
    public static final int SIZE = 128;
    public static final int VERSION = 1;
    static final byte[] MAGIC = "BN4JTOKS".getBytes(StandardCharsets.US_ASCII);

    public TokenFileHeader {
        tokenizerSha256 = tokenizerSha256.clone();
        if (tokenizerSha256.length != 32) throw new IllegalArgumentException("a SHA-256 has 32 bytes");
    }

    /** The token width a vocabulary of {@code vocabSize} ids needs. */
    public static int tokenBytesFor(int vocabSize) {
        return vocabSize <= 65536 ? 2 : 4;
    }

    /** The size of the whole file this header describes. */
    public long fileSize() {
        return SIZE + Math.multiplyExact(Math.addExact(trainTokens, valTokens), (long) tokenBytes);
    }

    @Override
    public byte[] tokenizerSha256() {
        return tokenizerSha256.clone();
    }

    ByteBuffer encode() {
        ByteBuffer b = ByteBuffer.allocate(SIZE).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).putInt(VERSION).putInt(vocabSize).putInt(tokenBytes).putInt(eosId).putLong(seed)
                .putLong(trainTokens).putLong(valTokens).putLong(trainDocuments).putLong(valDocuments).put(tokenizerSha256);
        return b.position(SIZE).flip();
    }

    /** Reads and checks a header; {@code where} names the file in errors, {@code fileSize} is its length. */
    static TokenFileHeader decode(ByteBuffer b, String where, long fileSize) {
        if (fileSize < SIZE) throw new BitNetException(where + ": " + fileSize + " bytes, too short for a token file (header: " + SIZE + ")");
        b = b.order(ByteOrder.LITTLE_ENDIAN);
        byte[] magic = new byte[MAGIC.length];
        b.get(magic);
        if (!Arrays.equals(magic, MAGIC)) throw new BitNetException(where + ": not a token file (no " + new String(MAGIC, StandardCharsets.US_ASCII) + " magic); make one with prepare-data");
        int version = b.getInt();
        if (version != VERSION) throw new BitNetException(where + ": token file version " + version + ", this build reads version " + VERSION);
        int vocab = b.getInt(), width = b.getInt(), eos = b.getInt();
        long seed = b.getLong(), trainTokens = b.getLong(), valTokens = b.getLong(), trainDocs = b.getLong(), valDocs = b.getLong();
        byte[] sha = new byte[32];
        b.get(sha);
        if (vocab <= 0) throw new BitNetException(where + ": vocabulary size " + vocab + " in the header");
        if (width != tokenBytesFor(vocab)) throw new BitNetException(where + ": " + width + " bytes per token in the header, but a vocabulary of "
                + vocab + " uses " + tokenBytesFor(vocab));
        if (eos < 0 || eos >= vocab) throw new BitNetException(where + ": EOS id " + eos + " is not below the vocabulary size " + vocab);
        if (trainTokens < 0 || valTokens < 0 || trainDocs < 0 || valDocs < 0 || trainDocs > trainTokens || valDocs > valTokens) {
            throw new BitNetException(where + ": inconsistent counts in the header (train " + trainTokens + " tokens / " + trainDocs
                    + " documents, validation " + valTokens + " / " + valDocs + ")");
        }
        TokenFileHeader h = new TokenFileHeader(vocab, width, eos, seed, trainTokens, valTokens, trainDocs, valDocs, sha);
        long expected;
        try {
            expected = h.fileSize();
        } catch (ArithmeticException e) {
            throw new BitNetException(where + ": the header's token counts overflow");
        }
        if (fileSize < expected) throw new BitNetException(where + ": truncated: the header describes " + expected + " bytes, the file has " + fileSize);
        if (fileSize > expected) throw new BitNetException(where + ": " + (fileSize - expected) + " bytes after the " + expected + " the header describes");
        return h;
    }

    @Override
    public String toString() {
        return "TokenFileHeader[vocab=" + vocabSize + ", tokenBytes=" + tokenBytes + ", eos=" + eosId + ", seed=" + seed
                + ", train=" + trainTokens + " tokens/" + trainDocuments + " docs, val=" + valTokens + "/" + valDocuments
                + ", tokenizer=" + HexFormat.of().formatHex(tokenizerSha256) + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TokenFileHeader h && vocabSize == h.vocabSize && tokenBytes == h.tokenBytes && eosId == h.eosId
                && seed == h.seed && trainTokens == h.trainTokens && valTokens == h.valTokens && trainDocuments == h.trainDocuments
                && valDocuments == h.valDocuments && Arrays.equals(tokenizerSha256, h.tokenizerSha256);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(trainTokens) * 31 + Arrays.hashCode(tokenizerSha256);
    }
}
