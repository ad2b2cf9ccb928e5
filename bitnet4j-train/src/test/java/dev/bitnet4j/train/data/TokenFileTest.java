package dev.bitnet4j.train.data;

import dev.bitnet4j.BitNetException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class TokenFileTest {
    @TempDir
    Path dir;
    Path file;
    byte[] good;

    @BeforeEach
    void prepare() throws IOException {
        file = dir.resolve("data.bin");
        DataPreparer.prepare(TestCorpus.tokenizer(dir.resolve("tok")),
                Corpus.of(TestCorpus.textFiles(dir.resolve("in"), TestCorpus.documents(40))), file, 0.1, 5);
        good = Files.readAllBytes(file);
    }

    private void assertOpenFails(byte[] bytes, String problem) throws IOException {
        Path bad = Files.write(dir.resolve("bad.bin"), bytes);
        BitNetException e = assertThrows(BitNetException.class, () -> TokenFile.open(bad));
        assertTrue(e.getMessage().startsWith(bad + ": ") && e.getMessage().contains(problem), e.getMessage());
    }

    private byte[] withInt(int offset, int value) {
        byte[] b = good.clone();
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(offset, value);
        return b;
    }

    @Test
    void corruptOrTruncatedFilesAreClearErrors() throws IOException {
        assertOpenFails(Arrays.copyOf(good, good.length - 1), "truncated: the header describes " + good.length + " bytes");
        assertOpenFails(Arrays.copyOf(good, 50), "too short for a token file");
        assertOpenFails(Arrays.copyOf(good, good.length + 2), "2 bytes after the");
        byte[] magic = good.clone();
        magic[0] = 'X';
        assertOpenFails(magic, "not a token file");
        assertOpenFails(withInt(8, 2), "token file version 2");
        assertOpenFails(withInt(16, 4), "4 bytes per token in the header");
        assertOpenFails(withInt(20, 320), "EOS id 320");
        assertOpenFails(withInt(12, 100), "not below the vocabulary size 100");     // tokens above a lowered vocabulary
        byte[] bigToken = good.clone();
        ByteBuffer.wrap(bigToken).order(ByteOrder.LITTLE_ENDIAN).putShort(TokenFileHeader.SIZE + 2 * 3, (short) 0xFFFF);
        assertOpenFails(bigToken, "train token 3 is 65535, not below the vocabulary size 320");
        byte[] counts = good.clone();
        ByteBuffer.wrap(counts).order(ByteOrder.LITTLE_ENDIAN).putLong(48, Long.MAX_VALUE);
        assertOpenFails(counts, "inconsistent counts");
        BitNetException missing = assertThrows(BitNetException.class, () -> TokenFile.open(dir.resolve("none.bin")));
        assertTrue(missing.getMessage().contains("file not found"));
    }

    @Test
    void batchesDependOnlyOnSeedAndStepAndStayInBounds() {
        try (TokenFile tf = TokenFile.open(file)) {
            TokenSplit train = tf.train();
            BatchSampler a = new BatchSampler(train, 4, 16, 99), b = new BatchSampler(train, 4, 16, 99);
            assertArrayEquals(a.batch(1000), b.batch(1000));
            assertArrayEquals(a.batch(3), new BatchSampler(train, 4, 16, 99).batch(3));   // no hidden state across steps
            assertFalse(Arrays.equals(a.offsets(3), a.offsets(4)));
            assertFalse(Arrays.equals(a.offsets(3), new BatchSampler(train, 4, 16, 100).offsets(3)));
            long min = Long.MAX_VALUE, max = -1;
            for (long step = 0; step < 2000; step++) {
                for (long o : a.offsets(step)) {
                    assertTrue(o >= 0 && o + 17 <= train.size(), "offset " + o);
                    min = Math.min(min, o);
                    max = Math.max(max, o);
                }
            }
            assertEquals(0, min, "the first window is reachable");
            assertEquals(train.size() - 17, max, "the last window is reachable");
            int[] batch = a.batch(7);
            long[] offsets = a.offsets(7);
            assertEquals(4 * 17, batch.length);
            for (int r = 0; r < 4; r++) {
                for (int t = 0; t < 17; t++) assertEquals(train.token(offsets[r] + t), batch[r * 17 + t]);
            }
            assertTrue(assertThrows(BitNetException.class, () -> new BatchSampler(tf.validation(), 1, (int) tf.validation().size(), 1))
                    .getMessage().contains("the validation split has " + tf.validation().size() + " tokens"));
            assertThrows(IndexOutOfBoundsException.class, () -> train.token(train.size()));
        }
    }

    @Test
    void theShuffleIsAPermutationFixedBySeed() {
        int[] order = DataPreparer.shuffledOrder(1000, 3);
        assertArrayEquals(order, DataPreparer.shuffledOrder(1000, 3));
        int[] sorted = order.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < sorted.length; i++) assertEquals(i, sorted[i]);
        assertEquals(List.of(0), Arrays.stream(DataPreparer.shuffledOrder(1, 3)).boxed().toList());
    }
}
