package dev.bitnet4j.train.loop;

import dev.bitnet4j.model.ModelConfig;
import dev.bitnet4j.model.ModelShape;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class ThroughputTest {
    @Test
    void flopsPerTokenCountsEveryMatmulThreeTimesOver() {
        // H 256, I 768, 4 layers, 4 heads of 64, 2 KV heads, vocab 8192, context 256.
        ModelConfig c = ModelConfig.fromJson(new ModelShape(256, 768, 4, 4, 2, 8192).config(false), "test");
        double perLayer = 256.0 * 256 * 2 + 256.0 * 128 * 2 + 3 * 256.0 * 768;   // q, o; k, v; gate, up, down
        double weights = 4 * perLayer + 256.0 * 8192;                           // + the tied lm_head
        double attention = 4 * 2.0 * 256 * 256;                                 // 2 · T · qDim per layer
        assertEquals(3 * (2 * weights + attention), Throughput.flopsPerToken(c, 256));
    }

    /** Only that a figure comes out: how large depends on the machine and its load, which a unit test must not time. */
    @Test
    void theFmaPeakIsMeasured() {
        double one = Throughput.fmaPeak(1, 100);
        assertTrue(one > 0 && Double.isFinite(one), "one thread: " + one + " FLOP/s");
    }
}
