package dev.bitnet4j.model;

import dev.bitnet4j.format.Checkpoint;
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
    private final Path path;
    private final ModelConfig config;
    private final BitNetWeights weights;
    private final Transformer transformer;
    private final Checkpoint checkpoint;
    private final Arena arena;
    private final GenerationDefaults generationDefaults;
    private Kernels ownedKernels;

    private BitNetModel(Path path, ModelConfig config, BitNetWeights weights, Kernels kernels, Q8Matrix q8Head,
                        Checkpoint checkpoint, Arena arena, GenerationDefaults defaults) {
        this.path = path;
        this.config = config;
        this.weights = weights;
        this.transformer = new Transformer(config, weights, kernels, q8Head);
        this.checkpoint = checkpoint;
        this.arena = arena;
        this.generationDefaults = defaults;
    }

    /**
     * Opens a model with the fast kernels on every core: a Hugging Face folder (packed or bf16 master weights)
     * or a GGUF file (I2_S, TQ1_0, TQ2_0); see {@link Checkpoint#open}.
     */
    public static BitNetModel load(Path model) {
        return load(model, Runtime.getRuntime().availableProcessors());
    }

    /** As {@link #load(Path)}, with the fast kernels on {@code threads} threads (closed with the model). */
    public static BitNetModel load(Path model, int threads) {
        return load(model, threads, LmHead.BF16);
    }

    /** As {@link #load(Path, int)}, choosing the lm_head: exact bf16, or an int8 copy made on load ({@link LmHead#Q8}). */
    public static BitNetModel load(Path model, int threads, LmHead lmHead) {
        Kernels kernels = Kernels.create(threads);
        try {
            BitNetModel m = load(model, kernels, lmHead);
            m.ownedKernels = kernels;
            return m;
        } catch (RuntimeException e) {
            if (kernels instanceof AutoCloseable c) closeQuietly(c);
            throw e;
        }
    }

    /** Opens a model with the given kernels (e.g. {@link ScalarKernels}, the reference); the caller keeps them. */
    public static BitNetModel load(Path model, Kernels kernels) {
        return load(model, kernels, LmHead.BF16);
    }

    public static BitNetModel load(Path model, Kernels kernels, LmHead lmHead) {
        Checkpoint ckpt = Checkpoint.open(model);
        Arena arena = Arena.ofShared();
        try {
            ModelConfig config = ModelConfig.fromJson(ckpt.config(), ckpt.configSource());
            BitNetWeights weights = BitNetWeights.load(ckpt, config, arena);
            if (kernels.usesTiles()) weights = TileCache.attach(weights, ckpt, arena);
            else weights.checkCodes(ckpt);
            GenerationDefaults defaults = GenerationDefaults.from(config, ckpt.generationConfig());
            Q8Matrix q8 = lmHead == LmHead.Q8 ? Q8Matrix.quantize(weights.lmHead(), arena) : null;
            return new BitNetModel(model, config, weights, kernels, q8, ckpt, arena, defaults);
        } catch (RuntimeException e) {
            arena.close();
            ckpt.close();
            throw e;
        }
    }

    /** The model path it was opened from: a folder or a .gguf file. */
    public Path path() {
        return path;
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
