package dev.bitnet4j.train.data;

import dev.bitnet4j.BitNetException;
import dev.bitnet4j.tensor.MappedFile;

import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A token file written by {@link DataPreparer}, memory-mapped: the header ({@link TokenFileHeader}) is checked
 * against the file's size and every token against the vocabulary when it is opened, so a truncated or corrupt
 * file is one clear error up front rather than a wrong batch later. Closing unmaps it; the splits must not be
 * used after that.
 */
public final class TokenFile implements AutoCloseable {
    private final MappedFile mapped;
    private final TokenFileHeader header;
    private final TokenSplit train, validation;

    private TokenFile(MappedFile mapped, TokenFileHeader header) {
        this.mapped = mapped;
        this.header = header;
        MemorySegment all = mapped.segment();
        long width = header.tokenBytes(), trainEnd = TokenFileHeader.SIZE + header.trainTokens() * width;
        this.train = new TokenSplit("train", all.asSlice(TokenFileHeader.SIZE, header.trainTokens() * width), width,
                header.trainTokens(), header.trainDocuments());
        this.validation = new TokenSplit("validation", all.asSlice(trainEnd, header.valTokens() * width), width,
                header.valTokens(), header.valDocuments());
    }

    /**
     * Maps and checks a token file.
     *
     * @throws BitNetException when the file is missing, not a token file, of another version, truncated or longer
     *                         than its header says, or holds a token not below its vocabulary size
     */
    public static TokenFile open(Path file) {
        MappedFile mapped = MappedFile.open(file);
        try {
            MemorySegment seg = mapped.segment();
            TokenFileHeader header = TokenFileHeader.decode(seg.asSlice(0, Math.min(seg.byteSize(), TokenFileHeader.SIZE)).asByteBuffer(),
                    file.toString(), seg.byteSize());
            TokenFile tf = new TokenFile(mapped, header);
            tf.checkTokens(tf.train);
            tf.checkTokens(tf.validation);
            return tf;
        } catch (RuntimeException e) {
            mapped.close();
            throw e;
        }
    }

    public TokenFileHeader header() {
        return header;
    }

    public Path path() {
        return mapped.path();
    }

    public TokenSplit train() {
        return train;
    }

    public TokenSplit validation() {
        return validation;
    }

    /**
     * Checks that the tokens came from {@code tokenizerFolder}'s tokenizer.json (by its SHA-256): a model trained on
     * them must be exported with that tokenizer.
     */
    public void requireTokenizer(Path tokenizerFolder) {
        Path file = DataPreparer.tokenizerFile(tokenizerFolder);
        byte[] sha = DataPreparer.sha256(file);
        if (!Arrays.equals(sha, header.tokenizerSha256())) {
            throw new BitNetException(path() + ": was prepared with another tokenizer.json (SHA-256 "
                    + HexFormat.of().formatHex(header.tokenizerSha256()) + ") than " + file + " (" + HexFormat.of().formatHex(sha)
                    + "); run prepare-data again with this tokenizer");
        }
    }

    private void checkTokens(TokenSplit split) {
        int vocab = header.vocabSize();
        for (long i = 0; i < split.size(); i++) {
            int t = split.token(i);
            if (t < 0 || t >= vocab) {      // a u32 at or above 2^31 reads as negative
                throw new BitNetException(path() + ": " + split.name() + " token " + i + " is " + Integer.toUnsignedString(t)
                        + ", not below the vocabulary size " + vocab);
            }
        }
    }

    @Override
    public void close() {
        mapped.close();
    }
}
