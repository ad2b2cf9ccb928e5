package dev.bitnet4j.model;

import dev.bitnet4j.Fixtures;
import dev.bitnet4j.tensor.Floats;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The bf16 master weights, quantized on load, give exactly the ternary values of their packed twins. */
class QuantizeOnLoadTest {

    @ParameterizedTest
    @ValueSource(strings = {"tiny", "mini"})
    void bf16FixtureQuantizesToItsPackedTwin(String size) {
        try (BitNetModel bf16 = BitNetModel.load(Fixtures.model(size + "-bf16"));
             BitNetModel packed = BitNetModel.load(Fixtures.model(size + "-packed"))) {
            assertTrue(bf16.config().onlineQuantization());
            assertFalse(packed.config().onlineQuantization());
            LayerWeights[] a = bf16.weights().layers(), b = packed.weights().layers();
            for (int l = 0; l < a.length; l++) {
                List<TernaryMatrix> ma = matrices(a[l]), mb = matrices(b[l]);
                for (int i = 0; i < ma.size(); i++) {
                    TernaryMatrix x = ma.get(i), y = mb.get(i);
                    assertEquals(y.name(), x.name());
                    assertArrayEquals(TernaryPacking.unpack(y.packed(), y.rows(), y.cols()),
                            TernaryPacking.unpack(x.packed(), x.rows(), x.cols()), x.name());
                    // the packed file stores the float32 scale rounded to bf16
                    assertEquals(Floats.bf16ToFloat(Floats.floatToBf16(x.scale())), y.scale(), 0f, x.name());
                }
            }
        }
    }

    static List<TernaryMatrix> matrices(LayerWeights w) {
        return List.of(w.q(), w.k(), w.v(), w.o(), w.gate(), w.up(), w.down());
    }
}
