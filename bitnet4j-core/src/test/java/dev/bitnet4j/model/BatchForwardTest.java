package dev.bitnet4j.model;

import dev.bitnet4j.kernels.ScalarKernels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/** A batched pass over several sequences gives each the logits it gets alone: rows never mix. */
class BatchForwardTest {
    @TempDir
    static Path dir;

    static Path model() {
        Path out = dir.resolve("custom");
        if (!out.toFile().exists()) RandomModel.write(ModelShape.parse("64,160,2,4,2,300"), 3, RandomModel.Layout.PACKED, out, false);
        return out;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4})
    void batchedLogitsEqualEachSequenceAlone(int sequences) {
        try (BitNetModel fast = BitNetModel.load(model(), 2); BitNetModel ref = BitNetModel.load(model(), new ScalarKernels())) {
            for (BitNetModel m : new BitNetModel[]{fast, ref}) check(m, sequences);
        }
    }

    /** Sequences with different cached prefixes, some decoding one token, some running a prompt chunk; several steps. */
    private static void check(BitNetModel m, int sequences) {
        SplittableRandom rnd = new SplittableRandom(sequences);
        int vocab = m.config().vocabSize();
        KVCache[] batched = new KVCache[sequences], alone = new KVCache[sequences];
        for (int s = 0; s < sequences; s++) {
            batched[s] = m.newCache(64);
            alone[s] = m.newCache(64);
            int[] prefix = rnd.ints(s * 3, 0, vocab).toArray();
            if (prefix.length > 0) {
                m.forward(prefix, batched[s], false);
                m.forward(prefix, alone[s], false);
            }
        }
        BatchWorkspace ws = new BatchWorkspace();
        for (int step = 0; step < 3; step++) {
            int[][] tokens = new int[sequences][];
            for (int s = 0; s < sequences; s++) tokens[s] = rnd.ints(step == 0 ? 1 + 2 * s : 1, 0, vocab).toArray();
            float[] logits = m.forwardBatch(tokens, batched, ws).clone();
            for (int s = 0; s < sequences; s++) {
                float[] expected = m.forward(tokens[s], alone[s], false);
                assertArrayEquals(Arrays.copyOf(expected, vocab), Arrays.copyOfRange(logits, s * vocab, (s + 1) * vocab),
                        "sequence " + s + " of " + sequences + ", step " + step);
                assertEquals(alone[s].length(), batched[s].length());
            }
        }
    }

    @Test
    void refusesASharedCacheAndAnEmptySequence() {
        try (BitNetModel m = BitNetModel.load(model(), 1)) {
            KVCache c = m.newCache(8);
            BatchWorkspace ws = new BatchWorkspace();
            assertThrows(IllegalArgumentException.class, () -> m.forwardBatch(new int[][]{{1}, {2}}, new KVCache[]{c, c}, ws));
            assertThrows(IllegalArgumentException.class, () -> m.forwardBatch(new int[][]{{1}, {}}, new KVCache[]{c, m.newCache(8)}, ws));
            assertEquals(0, c.length());
        }
    }
}
