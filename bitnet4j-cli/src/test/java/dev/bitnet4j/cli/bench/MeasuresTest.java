package dev.bitnet4j.cli.bench;

import dev.bitnet4j.model.LmHead;

import dev.bitnet4j.model.ModelConfig;
import dev.bitnet4j.model.ModelShape;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class MeasuresTest {
    static final ModelConfig B2B4T = ModelConfig.fromJson(ModelShape.B1_58_2B4T.config(false), "2b4t");

    /** The figures of shared/spec/performance-anchors.md: 2,084,044,800 ternary weights, a 656.7 MB head, 1.8 MB of norms. */
    @Test
    void the2b4tShapeReadsWhatTheAnchorsSay() {
        BytesPerToken b = BytesPerToken.of(B2B4T, LmHead.BF16, 2);
        assertEquals(2_084_044_800L / 4, b.ternary());
        assertEquals(128256L * 2560 * 2, b.lmHead());
        assertEquals(4L * (30 * (2560 + 2560 + 2560 + 6912) + 2560), b.norms());
        assertEquals(1_179_443_200L, b.total());
    }

    @Test
    void q8HeadIsOneBytePerWeightPlusAFloatScalePerRow() {
        assertEquals(128256L * 2560 + 4 * 128256, BytesPerToken.of(B2B4T, LmHead.Q8, 2).lmHead());
    }

    @Test
    void statsUseTheSampleStandardDeviation() {
        Stats s = Stats.of(new double[]{1, 2, 3, 4});
        assertEquals(2.5, s.mean(), 1e-12);
        assertEquals(Math.sqrt(5.0 / 3), s.stddev(), 1e-12);
        assertEquals(0, Stats.of(new double[]{7}).stddev());
    }

    @Test
    void probeSumsEveryLong() {
        try (var arena = java.lang.foreign.Arena.ofConfined()) {
            var seg = arena.allocate(4096 + 24);   // a tail shorter than one vector
            for (long i = 0; i < seg.byteSize() / 8; i++) seg.setAtIndex(java.lang.foreign.ValueLayout.JAVA_LONG, i, i + 1);
            long n = seg.byteSize() / 8;
            assertEquals(n * (n + 1) / 2, ReadBandwidth.sum(seg));
        }
    }
}
