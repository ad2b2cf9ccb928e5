package dev.bitnet4j.generate;

import dev.bitnet4j.BitNetException;

import java.util.Arrays;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.IntPredicate;

/**
 * Picks the next token from one position's logits. The chain, in vLLM's / HF's order:
 * <ol>
 *   <li>penalties over the last {@code repeatLastN} history tokens, per distinct token with count c:
 *       repetition (logit &gt; 0 ? logit / r : logit · r), then
 *       {@code logit -= c · frequency + (c > 0 ? presence : 0)};</li>
 *   <li>temperature 0: the argmax of the penalized logits, ties to the lowest id; nothing below runs;</li>
 *   <li>divide by the temperature;</li>
 *   <li>top-k: keep the k highest logits (ties to the lowest id);</li>
 *   <li>softmax over what is left;</li>
 *   <li>top-p: keep the smallest set of most likely tokens whose probability sum is &ge; topP (at least one);</li>
 *   <li>min-p: drop tokens whose probability is &lt; minP · the highest probability;</li>
 *   <li>renormalize and draw one token with the sampler's generator.</li>
 * </ol>
 * NaN logits count as -inf, and -inf tokens are never drawn. Draws are reproducible across runs and
 * JVMs: the generator is SplitMix64 ({@link SplittableRandom}, whose algorithm is specified), the
 * exponentials come from {@link StrictMath}, and every sum runs in a fixed order.
 *
 * <p>Scratch buffers are allocated once, so a draw allocates nothing. Not thread-safe: one sampler per
 * generation stream.
 */
public final class Sampler {
    /** First chunk sorted when looking for the top-p boundary; later chunks grow 4×. */
    private static final int TOP_P_CHUNK = 64;
    /** Rejected draws before a constrained sample tests every candidate at once instead. */
    private static final int MAX_REJECTIONS = 8;
    /** Top-k up to this size keeps a heap while scanning; larger k collects all and quickselects. */
    private static final int HEAP_TOP_K = 1024;

    private final SamplingParams params;
    private final int vocabSize;
    private SplittableRandom rng;

    private final float[] logits;    // penalized copy of the caller's logits
    private final double[] weight;   // by token id: exp((logit - max) / T), valid for candidates only
    private final long[] keys;       // candidates as (rank key << 32 | id), see key()
    private final int[] counts;      // by token id: occurrences in the penalty window; zero between calls
    private final int[] seen;        // distinct ids with counts > 0
    private double total;            // sum of the candidates' weights after the last filter

    public Sampler(SamplingParams params, int vocabSize) {
        this.params = Objects.requireNonNull(params, "params");
        if (vocabSize < 1) throw new IllegalArgumentException("vocabSize must be >= 1, got " + vocabSize);
        this.vocabSize = vocabSize;
        this.rng = new SplittableRandom(params.seed());
        this.logits = new float[vocabSize];
        this.weight = new double[vocabSize];
        this.keys = new long[vocabSize];
        this.counts = params.penalizes() ? new int[vocabSize] : null;
        this.seen = params.penalizes() ? new int[vocabSize] : null;
    }

    public SamplingParams params() {
        return params;
    }

    public int vocabSize() {
        return vocabSize;
    }

    /** Puts the generator back where the constructor left it: the same logits then give the same tokens again. */
    public void reset() {
        rng = new SplittableRandom(params.seed());
    }

    /**
     * The next token for {@code logits[offset .. offset + vocabSize)}, which are read, never written.
     * {@code history[0 .. historyLength)} are the tokens so far (prompt and generated), used by the
     * penalties only; {@code history} may be null when {@code historyLength} is 0. Every call with a
     * temperature above 0 takes exactly one number from the generator.
     */
    public int sample(float[] logits, int offset, int[] history, int historyLength) {
        int n = filter(logits, offset, history, historyLength);
        return params.temperature() == 0 ? id(keys[0]) : draw(n);
    }

    /**
     * Like {@link #sample(float[], int, int[], int)}, but only tokens that {@code allowed} accepts: the
     * chain's distribution restricted to them and renormalized. Greedy takes the highest allowed logit,
     * testing candidates best-first. Otherwise a disallowed draw has its probability zeroed and is
     * redrawn (the same distribution as renormalizing, but usually only a few tests); after
     * {@link #MAX_REJECTIONS} every candidate is tested at once. When the chain's filters (top-k/p,
     * min-p) kept no allowed token, the chain runs again with the disallowed tokens masked out first.
     * Each redraw takes another number from the generator.
     */
    public int sample(float[] logits, int offset, int[] history, int historyLength, IntPredicate allowed) {
        if (allowed == null) return sample(logits, offset, history, historyLength);
        int n = filter(logits, offset, history, historyLength);
        if (params.temperature() == 0) return bestAllowed(allowed);
        for (int tries = 0; tries < MAX_REJECTIONS; tries++) {
            int id = draw(n);
            if (allowed.test(id)) return id;
            weight[id] = 0;
            if (retotal(n) == 0) break;
        }
        for (int i = 0; i < n; i++) {
            int id = id(keys[i]);
            if (weight[id] != 0 && !allowed.test(id)) weight[id] = 0;
        }
        if (retotal(n) == 0) n = filter(logits, offset, history, historyLength, allowed);
        return draw(n);
    }

    /** Draws one of the first n candidates in proportion to their weights. */
    private int draw(int n) {
        double u = rng.nextDouble() * total;
        double acc = 0;
        int last = id(keys[0]);
        // Same order as the sum that made total, so acc ends at exactly total.
        for (int i = 0; i < n; i++) {
            int id = id(keys[i]);
            double w = weight[id];
            if (w == 0) continue;
            acc += w;
            if (u < acc) return id;
            last = id;
        }
        return last; // u rounded up to total: the last token that had any weight
    }

    /**
     * Runs the chain up to the draw: afterwards {@code keys[0 .. n)} are the candidates, {@code weight}
     * holds their unnormalized probabilities and {@code total} their sum. Returns n (at least 1).
     */
    int filter(float[] src, int offset, int[] history, int historyLength) {
        return filter(src, offset, history, historyLength, null);
    }

    /** The same, with the tokens {@code mask} rejects treated as -inf (null: none). */
    int filter(float[] src, int offset, int[] history, int historyLength, IntPredicate mask) {
        Objects.checkFromIndexSize(offset, vocabSize, src.length);
        Objects.checkFromIndexSize(0, historyLength, history == null ? 0 : history.length);
        float[] x = logits;
        for (int i = 0; i < vocabSize; i++) {
            float v = src[offset + i];
            x[i] = Float.isNaN(v) || (mask != null && !mask.test(i)) ? Float.NEGATIVE_INFINITY : v;
        }
        if (params.penalizes()) penalize(history, historyLength);

        if (params.temperature() == 0) {
            int best = -1;
            for (int i = 0; i < vocabSize; i++) {
                if (x[i] > Float.NEGATIVE_INFINITY && (best < 0 || x[i] > x[best])) best = i;
            }
            if (best < 0) throw nothingToSample();
            keys[0] = key(x[best], best);
            weight[best] = 1;
            total = 1;
            return 1;
        }

        // Candidates: every token that can have a probability at all, cut to the top k on the way.
        // A small k keeps a bounded max-heap of the k best keys seen so far: almost every token is
        // rejected by one comparison with the root. A large k collects everything and selects, O(V)
        // either way instead of sorting the whole vocabulary.
        int k = params.topK();
        boolean heap = k > 0 && k < vocabSize && k <= HEAP_TOP_K;
        int n = 0;
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < vocabSize; i++) {
            float v = x[i];
            if (!(v > Float.NEGATIVE_INFINITY)) continue;
            if (v > max) max = v;
            long key = key(v, i);
            if (!heap) {
                keys[n++] = key;
            } else if (n < k) {
                keys[n] = key;
                siftUp(keys, n++);
            } else if (key < keys[0]) {
                keys[0] = key;
                siftDown(keys, k);
            }
        }
        if (n == 0) throw nothingToSample();
        if (!heap && k > 0 && k < n) {
            select(keys, 0, n, k);
            n = k;
        }

        // Softmax weights relative to the maximum, so the top token weighs exactly 1. Temperature is
        // applied inside the exponent (same ranking as dividing the logits, and no overflow for tiny T).
        double t = params.temperature();
        double z = 0;
        for (int i = 0; i < n; i++) {
            int id = id(keys[i]);
            float v = x[id];
            double w = v == max ? 1.0 : StrictMath.exp((v - (double) max) / t);
            weight[id] = w;
            z += w;
        }

        // Min-p before top-p: both keep a prefix of the ranking, so the result is the shorter of the
        // two prefixes either way, and dropping min-p's rejects first means far fewer keys to sort.
        // Top-p still measures mass against z, the softmax over all top-k survivors, as the chain says.
        double minP = params.minP();
        int kept = n;
        if (minP > 0) {
            kept = 0;
            for (int i = 0; i < n; i++) {
                if (weight[id(keys[i])] >= minP) keys[kept++] = keys[i]; // weights are p / pMax
            }
        }
        if (params.topP() < 1) kept = nucleus(kept, params.topP() * z);

        double sum = 0;
        for (int i = 0; i < kept; i++) sum += weight[id(keys[i])];
        total = sum;
        return kept;
    }

    /** Recomputes total over the first n candidates (in key order, as draw() sums them); returns it. */
    private double retotal(int n) {
        double sum = 0;
        for (int i = 0; i < n; i++) sum += weight[id(keys[i])];
        return total = sum;
    }

    /**
     * Greedy under a constraint: the argmax if allowed (the common case), else every finite token
     * ranked best-first a growing chunk at a time, so usually only a few are sorted and tested.
     */
    private int bestAllowed(IntPredicate allowed) {
        if (allowed.test(id(keys[0]))) return id(keys[0]);
        int n = 0;
        for (int i = 0; i < vocabSize; i++) if (logits[i] > Float.NEGATIVE_INFINITY) keys[n++] = key(logits[i], i);
        int sorted = 0;
        while (sorted < n) {
            int want = Math.min(n, Math.max(TOP_P_CHUNK, sorted * 4));
            if (want < n) select(keys, sorted, n, want);
            Arrays.sort(keys, sorted, want);
            for (int i = sorted; i < want; i++) if (allowed.test(id(keys[i]))) return id(keys[i]);
            sorted = want;
        }
        throw new BitNetException("no token can be sampled: the constraint allows none of the tokens with a finite logit");
    }

    /**
     * Sorts candidates best-first, a growing chunk at a time, until their weight reaches target;
     * returns how many are kept. Usually only the first chunk of a large vocabulary gets sorted.
     */
    private int nucleus(int n, double target) {
        double cum = 0;
        int sorted = 0;
        while (sorted < n) {
            int want = Math.min(n, Math.max(TOP_P_CHUNK, sorted * 4));
            if (want < n) select(keys, sorted, n, want);
            Arrays.sort(keys, sorted, want);
            for (int i = sorted; i < want; i++) {
                cum += weight[id(keys[i])];
                if (cum >= target) return i + 1;
            }
            sorted = want;
        }
        return n; // rounding kept the sum just under target: keep everything
    }

    private void penalize(int[] history, int historyLength) {
        int window = params.repeatLastN();
        int start = window < 0 ? 0 : Math.max(0, historyLength - window);
        for (int i = start; i < historyLength; i++) {
            int t = history[i];
            if (t < 0 || t >= vocabSize) {
                throw new IllegalArgumentException("history[" + i + "] = " + t + " is not a token id below " + vocabSize);
            }
        }
        int distinct = 0;
        for (int i = start; i < historyLength; i++) {
            int t = history[i];
            if (counts[t]++ == 0) seen[distinct++] = t;
        }
        double rep = params.repetitionPenalty(), freq = params.frequencyPenalty(), pres = params.presencePenalty();
        for (int j = 0; j < distinct; j++) {
            int t = seen[j];
            int c = counts[t];
            counts[t] = 0;
            double v = logits[t];
            v = v > 0 ? v / rep : v * rep;
            v -= c * freq + pres; // c > 0 for every token in seen
            logits[t] = (float) v;
        }
    }

    private static BitNetException nothingToSample() {
        return new BitNetException("no token can be sampled: every logit is -inf or NaN");
    }

    /**
     * A long whose ascending order is descending logit, then ascending id: the float's bits mapped to an
     * order-preserving int, inverted, in the high half; the id in the low half. Keys are unique, so
     * sorting or selecting them gives one answer whatever the algorithm.
     */
    static long key(float logit, int id) {
        int bits = Float.floatToRawIntBits(logit + 0.0f); // + 0.0f turns -0.0 into 0.0
        int ordered = bits ^ ((bits >> 31) & 0x7fffffff);
        return ((long) ~ordered << 32) | id;
    }

    static int id(long key) {
        return (int) key;
    }

    /**
     * Rearranges a[lo .. hi) so that a[lo .. k) hold its k - lo smallest values, in no particular order.
     * Quickselect with median-of-three pivots; falls back to a full sort if the pivots keep being bad.
     */
    static void select(long[] a, int lo, int hi, int k) {
        int budget = 2 * (32 - Integer.numberOfLeadingZeros(hi - lo)) + 8;
        while (hi - lo > 16) {
            if (k <= lo || k >= hi) return;
            if (budget-- == 0) {
                Arrays.sort(a, lo, hi);
                return;
            }
            int p = partition(a, lo, hi);
            if (k == p || k == p + 1) return;
            if (k < p) hi = p;
            else lo = p + 1;
        }
        Arrays.sort(a, lo, hi);
    }

    /** Max-heap on a[0 .. i]: moves a[i] up to its place. The root is the worst key kept. */
    private static void siftUp(long[] a, int i) {
        long v = a[i];
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (a[parent] >= v) break;
            a[i] = a[parent];
            i = parent;
        }
        a[i] = v;
    }

    /** Max-heap on a[0 .. size): moves a[0] down to its place. */
    private static void siftDown(long[] a, int size) {
        long v = a[0];
        int i = 0;
        while (true) {
            int child = 2 * i + 1;
            if (child >= size) break;
            if (child + 1 < size && a[child + 1] > a[child]) child++;
            if (v >= a[child]) break;
            a[i] = a[child];
            i = child;
        }
        a[i] = v;
    }

    /** Lomuto partition around the median of first, middle and last; returns the pivot's final index. */
    private static int partition(long[] a, int lo, int hi) {
        int mid = (lo + hi) >>> 1, last = hi - 1;
        if (a[mid] < a[lo]) swap(a, mid, lo);
        if (a[last] < a[lo]) swap(a, last, lo);
        if (a[last] < a[mid]) swap(a, last, mid);
        swap(a, mid, last); // median to the end
        long pivot = a[last];
        int i = lo;
        for (int j = lo; j < last; j++) {
            if (a[j] < pivot) swap(a, i++, j);
        }
        swap(a, i, last);
        return i;
    }

    private static void swap(long[] a, int i, int j) {
        long t = a[i];
        a[i] = a[j];
        a[j] = t;
    }

    // For tests: the candidates the last filter() kept and their probabilities.

    int candidate(int i) {
        return id(keys[i]);
    }

    double probability(int i) {
        return weight[id(keys[i])] / total;
    }
}
