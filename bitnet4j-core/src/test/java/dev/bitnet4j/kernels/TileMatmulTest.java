package dev.bitnet4j.kernels;

import dev.bitnet4j.model.TernaryMatrix;
import dev.bitnet4j.model.TernaryPacking;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/** The tile layout and the lookup-table kernel: repacking keeps every weight, vector = scalar twin = Σ t·x. */
class TileMatmulTest {
    final SplittableRandom rnd = new SplittableRandom(7);

    byte[] randomTernary(int rows, int cols) {
        byte[] t = new byte[rows * cols];
        for (int i = 0; i < t.length; i++) t[i] = (byte) (rnd.nextInt(3) - 1);
        return t;
    }

    TernaryTiles tiles(byte[] t, int rows, int cols) {
        TernaryMatrix m = new TernaryMatrix("m", rows, cols, MemorySegment.ofArray(TernaryPacking.pack(t, rows, cols)), 1f);
        return TernaryTiles.repack(m, Arena.ofAuto().allocate(TernaryTiles.byteSize(rows, cols)));
    }

    @Test
    void repackingKeepsEveryWeightAndPadsWithZeros() {
        for (int[] shape : new int[][]{{4, 1}, {8, 13}, {256, 128}, {260, 129}, {512, 1000}}) {
            int rows = shape[0], cols = shape[1];
            byte[] t = randomTernary(rows, cols);
            TernaryTiles tiles = tiles(t, rows, cols);
            assertEquals((rows + 255) / 256 * 256, tiles.paddedRows());
            assertEquals((cols + 127) / 128 * 128, tiles.paddedCols());
            for (int r = 0; r < tiles.paddedRows(); r++) {
                for (int c = 0; c < tiles.paddedCols(); c++) {
                    int expected = r < rows && c < cols ? t[r * cols + c] : 0;
                    if (tiles.get(r, c) != expected) fail(rows + "x" + cols + " at (" + r + ", " + c + ")");
                }
            }
        }
    }

    @Test
    void vectorTablesEqualTheScalarTwin() {
        for (int cols : new int[]{8, 13, 128, 200, 2560}) {
            int padded = (cols + 127) / 128 * 128;
            byte[] q = new byte[cols + 5];
            for (int i = 0; i < q.length; i++) q[i] = (byte) rnd.nextInt(-128, 128);
            short[] a = new short[TileMatmul.tableStride(padded) + 3], b = new short[a.length];
            TileMatmul.tables(q, 5, cols, padded, a, 3);
            TileMatmul.tablesScalar(q, 5, cols, padded, b, 3);
            assertArrayEquals(b, a, "cols=" + cols);
        }
    }

    @Test
    void vectorPanelsEqualTheScalarTwinAndTheDirectSum() {
        int rows = 520, cols = 300, tokens = 3;
        byte[] t = randomTernary(rows, cols);
        TernaryTiles tiles = tiles(t, rows, cols);
        byte[] q = new byte[tokens * cols];
        for (int i = 0; i < q.length; i++) q[i] = (byte) rnd.nextInt(-128, 128);
        int stride = TileMatmul.tableStride(tiles.paddedCols());
        short[] tab = new short[tokens * stride];
        for (int k = 0; k < tokens; k++) TileMatmul.tables(q, k * cols, cols, tiles.paddedCols(), tab, k * stride);
        int[] vec = new int[tokens * tiles.paddedRows()], sca = new int[vec.length];
        TileMatmul.panels(tiles, 0, 1, tokens, tab, stride, vec, 0);               // split as two workers would
        TileMatmul.panels(tiles, 1, tiles.panels(), tokens, tab, stride, vec, 0);
        TileMatmul.panelsScalar(tiles, 0, tiles.panels(), tokens, tab, stride, sca, 0);
        assertArrayEquals(sca, vec);
        for (int k = 0; k < tokens; k++) {
            for (int r = 0; r < tiles.paddedRows(); r++) {
                int direct = 0;
                for (int c = 0; r < rows && c < cols; c++) direct += t[r * cols + c] * q[k * cols + c];
                assertEquals(direct, vec[k * tiles.paddedRows() + r], "token " + k + " row " + r);
            }
        }
    }

    @Test
    void tilesOfTheWrongSizeAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> TernaryTiles.of(256, 128, MemorySegment.ofArray(new byte[100])));
    }
}
