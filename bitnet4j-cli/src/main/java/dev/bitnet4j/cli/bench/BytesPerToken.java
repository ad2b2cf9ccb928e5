package dev.bitnet4j.cli.bench;

import dev.bitnet4j.model.LmHead;

import dev.bitnet4j.model.ModelConfig;

/**
 * The bytes one generated token reads at short context, the figure that bounds generation speed by
 * memory bandwidth (as in shared/spec/performance-anchors.md): every ternary matrix as stored (2 bits a
 * weight), the lm_head, and the float32 norms. The one embedding row, the matrices' scales and the KV
 * cache (small below a few hundred positions) are left out.
 */
public record BytesPerToken(long ternary, long lmHead, long norms) {

    /** @param headElementBytes bytes per element of the stored float head (2 for bf16), used for {@link LmHead#BF16} */
    public static BytesPerToken of(ModelConfig c, LmHead head, int headElementBytes) {
        long ternary = c.numLayers() * c.ternaryParamsPerLayer() / 4;
        long vocab = c.vocabSize(), hidden = c.hiddenSize();
        long lmHead = switch (head) {
            case BF16 -> vocab * hidden * headElementBytes;
            case Q8 -> vocab * hidden + 4 * vocab;
        };
        // Per layer: input and post-attention norms (hidden), attention sub-norm (q), FFN sub-norm (intermediate).
        long normsPerLayer = 2L * c.hiddenSize() + c.qDim() + c.intermediateSize();
        long norms = 4 * (c.numLayers() * normsPerLayer + c.hiddenSize());
        return new BytesPerToken(ternary, lmHead, norms);
    }

    public long total() {
        return ternary + lmHead + norms;
    }
}
