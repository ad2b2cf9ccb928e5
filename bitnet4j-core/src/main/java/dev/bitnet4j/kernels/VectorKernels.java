package dev.bitnet4j.kernels;

import dev.bitnet4j.model.Q8Matrix;
import dev.bitnet4j.model.TernaryMatrix;
import dev.bitnet4j.tensor.DType;
import dev.bitnet4j.tensor.Tensor;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The fast kernels: Vector API loops at the CPU's preferred width, the matrix products split across a
 * persistent {@link WorkerPool}. Every method equals its {@link ScalarKernels} twin (exactly for the
 * ternary products, quantization and RoPE; within float rounding for sums and exp). One forward pass at a time:
 * the scratch buffers and the pool are shared, so the methods are synchronized.
 */
public final class VectorKernels implements Kernels, AutoCloseable {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    /** Bytes with one lane per float lane, for storing quantized activations. */
    private static final VectorSpecies<Byte> B = VectorSpecies.of(byte.class, VectorShape.forBitSize(F.vectorBitSize() / 4));
    /** Adding then subtracting 1.5 · 2^23 rounds a float of magnitude < 2^22 to an integer, ties to even (= Math.rint). */
    static final float RINT_MAGIC = 12582912f;

    private final ScalarKernels scalar = new ScalarKernels();
    /** Scratch for {@link FloatLanes#sum}, shared: rmsnorm and attention are synchronized. */
    private final float[] lanes = new float[F.length()];
    /** The same scratch for each pool worker, so the lm_head allocates nothing per token. */
    private float[][] workerLanes;   // set by the constructor; not final because the tasks above read it
    private final WorkerPool pool;
    /** Tokens whose tables are built at once: the weights are read from memory once per chunk. */
    private static final int CHUNK = 16;
    private short[] xe = new short[0], xo = new short[0], tables = new short[0];
    private int[] sums = new int[0], acc = new int[0];

    // The arguments of the task being run, set before each pool.run (no per-call allocation).
    private TernaryMatrix tm;
    private Tensor fm;
    private Q8Matrix qm;
    private float[] in, out, scales;
    private int tokens, inOff, outOff, tableStride;
    // The fused product: the matrices tms, their panels numbered one after another, split evenly.
    private TernaryMatrix[] tms;
    private int[] accOff = new int[0];
    private final TernaryMatrix[] single = new TernaryMatrix[1];
    private final float[][] singleOut = new float[1][];
    private final WorkerPool.Task tileTask = (i, n) -> {
        int total = 0;
        for (TernaryMatrix m : tms) total += m.tiles().panels();
        int from = WorkerPool.start(total, i, n), to = WorkerPool.start(total, i + 1, n), first = 0;
        for (int m = 0; m < tms.length && first < to; m++) {
            TernaryTiles t = tms[m].tiles();
            int p0 = Math.max(from - first, 0), p1 = Math.min(to - first, t.panels());
            if (p0 < p1) TileMatmul.panels(t, p0, p1, tokens, tables, tableStride, acc, accOff[m]);
            first += t.panels();
        }
    };
    private final WorkerPool.Task ternaryTask = (i, n) -> {
        int packedRows = tm.rows() / 4;
        TernaryMatmul.rows(tm, WorkerPool.start(packedRows, i, n), WorkerPool.start(packedRows, i + 1, n), tokens,
                xe, xo, sums, scales, out);
    };
    private final WorkerPool.Task bf16Task = (i, n) -> {
        int rows = (int) fm.shape()[0];
        Bf16Matmul.rows(fm.data(), rows, (int) fm.shape()[1], WorkerPool.start(rows, i, n), WorkerPool.start(rows, i + 1, n),
                in, inOff, tokens, out, outOff, this.workerLanes[i]);
    };

    private final WorkerPool.Task f16Task = (i, n) -> {
        int rows = (int) fm.shape()[0];
        F16Matmul.rows(fm.data(), rows, (int) fm.shape()[1], WorkerPool.start(rows, i, n), WorkerPool.start(rows, i + 1, n),
                in, inOff, tokens, out, outOff, this.workerLanes[i]);
    };

    private final WorkerPool.Task q8Task = (i, n) -> {
        int rows = qm.rows();
        Bf16Matmul.q8Rows(qm.data(), qm.scales(), qm.cols(), rows, WorkerPool.start(rows, i, n), WorkerPool.start(rows, i + 1, n),
                in, inOff, tokens, out, outOff, this.workerLanes[i]);
    };

    /** Whether BitLinear runs on {@link TernaryTiles} (512-bit vectors) or on the checkpoint's own packed layout. */
    private final boolean tiles;

    public VectorKernels(int threads) {
        this(threads, TileMatmul.supported());
    }

    /** {@code tiles = false} forces the official-layout kernel, the one CPUs without 512-bit vectors get (for tests). */
    VectorKernels(int threads, boolean tiles) {
        this.pool = new WorkerPool(threads);
        this.workerLanes = new float[threads][F.length()];
        this.tiles = tiles;
    }

    public int threads() {
        return pool.threads();
    }

    /** Whether models should carry {@link TernaryTiles}: the tile kernel needs 512-bit vectors. */
    @Override
    public boolean usesTiles() {
        return tiles;
    }

    @Override
    public synchronized void bitlinear(TernaryMatrix w, byte[] q, float[] s, int tokens, float[] out) {
        single[0] = w;
        singleOut[0] = out;
        bitlinear(single, q, s, tokens, singleOut);
        single[0] = null;
        singleOut[0] = null;
    }

    /** One set of tables for the shared input, one pool run for all the matrices' panels. */
    @Override
    public synchronized void bitlinear(TernaryMatrix[] ws, byte[] q, float[] s, int tokens, float[][] outs) {
        if (!tiles) {
            for (int m = 0; m < ws.length; m++) officialLayout(ws[m], q, s, tokens, outs[m]);
            return;
        }
        int cols = ws[0].cols(), paddedCols = 0, rowsPerToken = 0;
        if (accOff.length < ws.length) accOff = new int[ws.length];
        for (TernaryMatrix w : ws) {
            if (w.tiles() == null) {
                throw new IllegalArgumentException(w.name() + " has no tile layout: load models with BitNetModel, or attach one with TileCache.inMemory");
            }
            if (w.cols() != cols) throw new IllegalArgumentException(w.name() + ": " + w.cols() + " columns, expected " + cols);
            paddedCols = w.tiles().paddedCols();
            rowsPerToken += w.tiles().paddedRows();
        }
        tableStride = TileMatmul.tableStride(paddedCols);
        for (int t0 = 0; t0 < tokens; t0 += CHUNK) {
            int chunk = Math.min(CHUNK, tokens - t0);
            if (tables.length < chunk * tableStride) tables = new short[chunk * tableStride];
            if (acc.length < chunk * rowsPerToken) acc = new int[chunk * rowsPerToken];
            for (int t = 0; t < chunk; t++) TileMatmul.tables(q, (t0 + t) * cols, cols, paddedCols, tables, t * tableStride);
            java.util.Arrays.fill(acc, 0, chunk * rowsPerToken, 0);
            for (int m = 0, off = 0; m < ws.length; off += chunk * ws[m].tiles().paddedRows(), m++) accOff[m] = off;
            this.tms = ws;
            this.tokens = chunk;
            pool.run(tileTask);
            this.tms = null;
            for (int m = 0; m < ws.length; m++) {
                TernaryMatrix w = ws[m];
                int rows = w.rows(), padded = w.tiles().paddedRows();
                float scale = w.scale();
                for (int t = 0; t < chunk; t++) {
                    float st = s[t0 + t];
                    int o = (t0 + t) * rows, a = accOff[m] + t * padded;
                    for (int r = 0; r < rows; r++) outs[m][o + r] = acc[a + r] / st * scale;
                }
            }
        }
    }

    /** For CPUs without 512-bit vectors: the product on the checkpoint's own packed layout. */
    private void officialLayout(TernaryMatrix w, byte[] q, float[] s, int tokens, float[] out) {
        int half = (w.cols() + 1) / 2;
        if (xe.length < tokens * half) {
            xe = new short[tokens * half];
            xo = new short[tokens * half];
        }
        if (sums.length < tokens) sums = new int[tokens];
        TernaryMatmul.prepare(q, tokens, w.cols(), xe, xo, sums);
        this.tm = w;
        this.scales = s;
        this.tokens = tokens;
        this.out = out;
        pool.run(ternaryTask);
        this.tm = null;
    }

    @Override
    public synchronized void floatMatmul(Tensor w, float[] x, int xOff, int tokens, float[] out, int outOff) {
        if (w.dtype() != DType.BF16 && w.dtype() != DType.F16) {
            scalar.floatMatmul(w, x, xOff, tokens, out, outOff);
            return;
        }
        this.fm = w;
        this.in = x;
        this.inOff = xOff;
        this.tokens = tokens;
        this.out = out;
        this.outOff = outOff;
        pool.run(w.dtype() == DType.BF16 ? bf16Task : f16Task);
        this.fm = null;
        this.in = null;
    }

    @Override
    public synchronized void q8Matmul(Q8Matrix w, float[] x, int xOff, int tokens, float[] out, int outOff) {
        this.qm = w;
        this.in = x;
        this.inOff = xOff;
        this.tokens = tokens;
        this.out = out;
        this.outOff = outOff;
        pool.run(q8Task);
        this.qm = null;
        this.in = null;
    }

    @Override
    public synchronized void rmsnorm(float[] out, int outOff, float[] x, int xOff, float[] w, int n, float eps) {
        int i = 0, bound = F.loopBound(n);
        FloatVector acc = FloatVector.zero(F);
        for (; i < bound; i += F.length()) {
            FloatVector v = FloatVector.fromArray(F, x, xOff + i);
            acc = v.fma(v, acc);
        }
        float ss = FloatLanes.sum(acc, lanes);
        for (; i < n; i++) ss += x[xOff + i] * x[xOff + i];
        float inv = SpecMath.rmsInverse(ss, n, eps);
        for (i = 0; i < bound; i += F.length()) {
            FloatVector.fromArray(F, x, xOff + i).mul(inv).mul(FloatVector.fromArray(F, w, i)).intoArray(out, outOff + i);
        }
        for (; i < n; i++) out[outOff + i] = x[xOff + i] * inv * w[i];
    }

    @Override
    public float quantize(float[] x, int xOff, int n, byte[] q, int qOff) {
        int i = 0, bound = F.loopBound(n);
        FloatVector max = FloatVector.zero(F);
        for (; i < bound; i += F.length()) max = max.max(FloatVector.fromArray(F, x, xOff + i).abs());
        float amax = max.reduceLanes(VectorOperators.MAX);
        for (; i < n; i++) amax = Math.max(amax, Math.abs(x[xOff + i]));
        float s = SpecMath.activationScale(amax);
        // |x · s| <= 127 (plus rounding), so the magic-number rounding is exact rint and the clamp only trims -128..127
        for (i = 0; i < bound; i += F.length()) {
            FloatVector r = FloatVector.fromArray(F, x, xOff + i).mul(s).add(RINT_MAGIC).sub(RINT_MAGIC);
            ((ByteVector) r.max(-128f).min(127f).convertShape(VectorOperators.F2B, B, 0)).intoArray(q, qOff + i);
        }
        for (; i < n; i++) q[qOff + i] = (byte) SpecMath.int8(x[xOff + i], s);
        return s;
    }

    @Override
    public void rope(float[] x, int off, int heads, int headDim, float[] cos, float[] sin, int csOff) {
        int half = headDim / 2, bound = F.loopBound(half);
        for (int h = 0; h < heads; h++) {
            int base = off + h * headDim, i = 0;
            // the scalar twin's mul/sub/add order without fma: the results are bit-identical to it
            for (; i < bound; i += F.length()) {
                FloatVector a = FloatVector.fromArray(F, x, base + i), b = FloatVector.fromArray(F, x, base + i + half);
                FloatVector c = FloatVector.fromArray(F, cos, csOff + i), s = FloatVector.fromArray(F, sin, csOff + i);
                a.mul(c).sub(b.mul(s)).intoArray(x, base + i);
                b.mul(c).add(a.mul(s)).intoArray(x, base + i + half);
            }
            ScalarKernels.rotateHalf(x, base, half, cos, sin, csOff, i);
        }
    }

    @Override
    public synchronized void attention(float[] q, int qOff, float[] kCache, float[] vCache, int length, int heads, int kvHeads,
                          int headDim, float[] out, int outOff, float[] scores) {
        int kvDim = kvHeads * headDim, group = heads / kvHeads, bound = F.loopBound(headDim);
        float scale = (float) (1.0 / Math.sqrt(headDim));
        for (int h = 0; h < heads; h++) {
            int qh = qOff + h * headDim, kvOff = (h / group) * headDim, o = outOff + h * headDim;
            for (int p = 0; p < length; p++) {
                int kb = p * kvDim + kvOff, i = 0;
                FloatVector acc = FloatVector.zero(F);
                for (; i < bound; i += F.length()) {
                    acc = FloatVector.fromArray(F, q, qh + i).fma(FloatVector.fromArray(F, kCache, kb + i), acc);
                }
                float dot = FloatLanes.sum(acc, lanes);
                for (; i < headDim; i++) dot += q[qh + i] * kCache[kb + i];
                scores[p] = dot * scale;
            }
            float sum = VectorSoftmax.exponentiate(scores, length, lanes);
            java.util.Arrays.fill(out, o, o + headDim, 0f);
            for (int p = 0; p < length; p++) {
                float a = scores[p] / sum;
                FloatVector av = FloatVector.broadcast(F, a);
                int vb = p * kvDim + kvOff, i = 0;
                for (; i < bound; i += F.length()) {
                    FloatVector.fromArray(F, vCache, vb + i).fma(av, FloatVector.fromArray(F, out, o + i)).intoArray(out, o + i);
                }
                for (; i < headDim; i++) out[o + i] += a * vCache[vb + i];
            }
        }
    }

    @Override
    public void close() {
        pool.close();
    }
}
