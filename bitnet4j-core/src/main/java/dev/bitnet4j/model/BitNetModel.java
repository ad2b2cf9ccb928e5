package dev.bitnet4j.model;

import dev.bitnet4j.format.HfCheckpoint;
import dev.bitnet4j.kernels.Kernels;
import dev.bitnet4j.kernels.ScalarKernels;

import java.lang.foreign.Arena;
import java.nio.file.Path;

/**
 * A loaded model: its config, its weights (mapped from the checkpoint, or quantized on load into
 * off-heap memory) and the forward pass. Forward calls on distinct caches may come from several threads; the kernels run them one at a time.
 * Close it to unmap the files and free the quantized weights.
 */
public final class BitNetModel implements AutoCloseable {
    private final Path folder;
    private final ModelConfig config;
    private final BitNetWeights weights;
    private final Transformer transformer;
    private final HfCheckpoint checkpoint;
    private final Arena arena;
    private final GenerationDefaults generationDefaults;
    private Kernels ownedKernels;

    private BitNetModel(Path folder, ModelConfig config, BitNetWeights weights, Kernels kernels, Q8Matrix q8Head,
                        HfCheckpoint checkpoint, Arena arena, GenerationDefaults defaults) {
        this.folder = folder;
        this.config = config;
        this.weights = weights;
        this.transformer = new Transformer(config, weights, kernels, q8Head);
        this.checkpoint = checkpoint;
        this.arena = arena;
        this.generationDefaults = defaults;
    }

    /** Opens a Hugging Face model folder in the packed or the bf16 layout, with the fast kernels on every core. */
    public static BitNetModel load(Path folder) {
        return load(folder, Runtime.getRuntime().availableProcessors());
    }

    /** As {@link #load(Path)}, with the fast kernels on {@code threads} threads (closed with the model). */
    public static BitNetModel load(Path folder, int threads) {
        return load(folder, threads, LmHead.BF16);
    }

    /** As {@link #load(Path, int)}, choosing the lm_head: exact bf16, or an int8 copy made on load ({@link LmHead#Q8}). */
    public static BitNetModel load(Path folder, int threads, LmHead lmHead) {
        Kernels kernels = Kernels.create(threads);
        try {
            BitNetModel m = load(folder, kernels, lmHead);
            m.ownedKernels = kernels;
            return m;
        } catch (RuntimeException e) {
            if (kernels instanceof AutoCloseable c) closeQuietly(c);
            throw e;
        }
    }

    /** Opens a model with the given kernels (e.g. {@link ScalarKernels}, the reference); the caller keeps them. */
    public static BitNetModel load(Path folder, Kernels kernels) {
        return load(folder, kernels, LmHead.BF16);
    }

    public static BitNetModel load(Path folder, Kernels kernels, LmHead lmHead) {
        HfCheckpoint ckpt = HfCheckpoint.open(folder);
        Arena arena = Arena.ofShared();
        try {
            ModelConfig config = ModelConfig.fromJson(ckpt.config(), folder.resolve(HfCheckpoint.CONFIG).toString());
            BitNetWeights weights = BitNetWeights.load(ckpt, config, arena);
            if (kernels.usesTiles()) weights = TileCache.attach(weights, ckpt, arena);
            else weights.checkCodes(ckpt);
            GenerationDefaults defaults = GenerationDefaults.from(config, ckpt.generationConfig());
            Q8Matrix q8 = lmHead == LmHead.Q8 ? Q8Matrix.quantize(weights.lmHead(), arena) : null;
            return new BitNetModel(folder, config, weights, kernels, q8, ckpt, arena, defaults);
        } catch (RuntimeException e) {
            arena.close();
            ckpt.close();
            throw e;
        }
    }

    public Path folder() {
        return folder;
    }

    public ModelConfig config() {
        return config;
    }

    public BitNetWeights weights() {
        return weights;
    }

    public GenerationDefaults generationDefaults() {
        return generationDefaults;
    }

    /** A fresh cache for a sequence of at most {@code contextSize} positions (capped at the model's maximum). */
    public KVCache newCache(int contextSize) {
        return new KVCache(config, Math.min(contextSize, config.maxPositions()));
    }

    /** See {@link Transformer#forward}. */
    public float[] forward(int[] tokens, KVCache cache, boolean allLogits) {
        return transformer.forward(tokens, cache, allLogits, null);
    }

    public float[] forward(int[] tokens, KVCache cache, boolean allLogits, Transformer.LayerTap tap) {
        return transformer.forward(tokens, cache, allLogits, tap);
    }

    /** See {@link Transformer#forwardBatch}: one pass over several sequences, each with its own cache. */
    public float[] forwardBatch(int[][] tokens, KVCache[] caches, BatchWorkspace workspace) {
        return transformer.forwardBatch(tokens, caches, workspace);
    }


    @Override
    public void close() {
        arena.close();
        checkpoint.close();
        if (ownedKernels instanceof AutoCloseable c) closeQuietly(c);
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // closing a worker pool cannot fail in a way the caller could act on
        }
    }
}
