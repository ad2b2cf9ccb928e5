package dev.bitnet4j.train.data;

import dev.bitnet4j.BitNetException;
import dev.bitnet4j.format.AtomicFile;
import dev.bitnet4j.model.SeededRandom;
import dev.bitnet4j.tokenizer.Tokenizer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * Turns a corpus into a token file ({@link TokenFileHeader}): each document is encoded without BOS (special-token
 * strings in it stay plain text) and followed by the tokenizer's EOS; the documents are shuffled with the seed
 * (Fisher-Yates over {@link SeededRandom}); the last {@link #validationDocuments} of the shuffled order are the
 * validation split, the others the train split. The file is written atomically. All tokens are held in memory
 * (4 bytes each) while the documents are shuffled.
 */
public final class DataPreparer {
    private DataPreparer() {}

    /**
     * Prepares {@code corpus} with the tokenizer of {@code tokenizerFolder} into {@code out}.
     *
     * @param valFraction the share of documents held out for validation, in [0, 1)
     * @return the header written
     * @throws BitNetException for a missing tokenizer or one without an eos_token, unreadable or malformed input,
     *                         a corpus without documents, or a bad fraction
     */
    public static TokenFileHeader prepare(Path tokenizerFolder, Corpus corpus, Path out, double valFraction, long seed) {
        if (!(valFraction >= 0 && valFraction < 1)) throw new BitNetException("--val-fraction must be in [0, 1), found " + valFraction);
        Path tokenizerFile = tokenizerFile(tokenizerFolder);
        Tokenizer tokenizer = Tokenizer.load(tokenizerFile);
        int eos = tokenizer.eosIds().stream().findFirst().orElseThrow(() -> new BitNetException(tokenizerFolder
                + ": the tokenizer names no eos_token (tokenizer_config.json), which documents are joined with"));
        Documents docs = new Documents();
        corpus.forEachDocument(text -> docs.add(tokenizer.encode(text, false)));
        if (docs.count == 0) throw new BitNetException("no documents in " + corpus.files() + " (every input is empty or blank)");

        int[] order = shuffledOrder(docs.count, seed);
        int valDocs = validationDocuments(docs.count, valFraction);
        int trainDocs = docs.count - valDocs;
        long trainTokens = docs.tokens(order, 0, trainDocs), valTokens = docs.tokens(order, trainDocs, docs.count);
        TokenFileHeader header = new TokenFileHeader(tokenizer.size(), TokenFileHeader.tokenBytesFor(tokenizer.size()), eos, seed,
                trainTokens, valTokens, trainDocs, valDocs, sha256(tokenizerFile));
        write(out, header, docs, order);
        return header;
    }

    /**
     * How many of {@code documents} go to validation: {@code round(documents × fraction)}, but with at least two
     * documents and a positive fraction each split gets at least one.
     */
    public static int validationDocuments(int documents, double fraction) {
        if (fraction == 0 || documents < 2) return 0;
        long n = Math.round(documents * fraction);
        return (int) Math.clamp(n, 1, documents - 1);
    }

    /** tokenizer.json in {@code folder} (or {@code folder} itself when it is that file); a clear error when missing. */
    public static Path tokenizerFile(Path folder) {
        Path file = Files.isDirectory(folder) ? folder.resolve(Tokenizer.FILE) : folder;
        if (!Files.isRegularFile(file)) {
            throw new BitNetException(folder + ": no " + Tokenizer.FILE + " (train one with train-tokenizer, or give a model folder)");
        }
        return file;
    }

    /** The SHA-256 of a file's bytes. */
    public static byte[] sha256(Path file) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            throw new BitNetException(file + ": file not found");
        } catch (IOException e) {
            throw new BitNetException(file + ": cannot read (" + e.getMessage() + ")", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** A permutation of [0, n) by Fisher-Yates with {@code SeededRandom(seed)}. */
    static int[] shuffledOrder(int n, long seed) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        SeededRandom rng = new SeededRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = (int) rng.below(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    private static void write(Path out, TokenFileHeader header, Documents docs, int[] order) {
        Path parent = out.toAbsolutePath().getParent();
        if (Files.isDirectory(out)) throw new BitNetException(out + ": is a folder; --out names the token file to write");
        if (!Files.isDirectory(parent)) throw new BitNetException(out + ": the folder " + parent + " does not exist");
        ByteBuffer buf = ByteBuffer.allocate(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
        try (AtomicFile file = AtomicFile.create(out)) {
            file.writeFully(header.encode());
            for (int d : order) {
                for (int i = docs.start[d]; i <= docs.start[d + 1]; i++) {
                    int token = i < docs.start[d + 1] ? docs.tokens[i] : header.eosId();   // the document, then EOS
                    if (buf.remaining() < 4) {
                        file.writeFully(buf.flip());
                        buf.clear();
                    }
                    if (header.tokenBytes() == 2) buf.putShort((short) token);
                    else buf.putInt(token);
                }
            }
            file.writeFully(buf.flip());
            file.commit();
        }
    }

    /** Every document's tokens, back to back, and where each starts. */
    private static final class Documents {
        int[] tokens = new int[1 << 16];
        int[] start = new int[1024];
        int count;
        int size;

        void add(int[] ids) {
            if (count + 2 > start.length) start = Arrays.copyOf(start, start.length * 2);
            if ((long) size + ids.length > Integer.MAX_VALUE - 8) {
                throw new BitNetException("the corpus has more than " + (Integer.MAX_VALUE - 8) + " tokens, more than prepare-data holds in memory; split it");
            }
            if (size + ids.length > tokens.length) tokens = Arrays.copyOf(tokens, (int) Math.min(Integer.MAX_VALUE - 8, Math.max(2L * tokens.length, size + ids.length)));
            System.arraycopy(ids, 0, tokens, size, ids.length);
            size += ids.length;
            start[++count] = size;
        }

        /** The tokens of documents order[from, to), an EOS after each included. */
        long tokens(int[] order, int from, int to) {
            long n = 0;
            for (int k = from; k < to; k++) n += start[order[k] + 1] - start[order[k]] + 1;
            return n;
        }
    }
}
