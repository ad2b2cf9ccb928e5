package dev.bitnet4j.train.nn;

/** How the BitLinear layers compute (training.md). Every other layer is the same in all three modes. */
public enum Quantization {
    /** No quantization: y = x·Wᵀ with the latent weights (the {@code --full-precision} baseline). */
    NONE,
    /**
     * Training-mode fake quantization: absmean ternary weights with scale 1/inv in float32, per-token absmax
     * int8 activations, straight-through gradients.
     */
    TERNARY,
    /**
     * As {@link #TERNARY} with each weight scale rounded to bf16, the number the packed export stores. With the
     * norms and embedding rounded to bf16 too (see {@code ModelExport.roundedAsExported}) the forward pass is the
     * engine's on the exported model.
     */
    TERNARY_BF16_SCALE;

    public boolean quantized() {
        return this != NONE;
    }
}
