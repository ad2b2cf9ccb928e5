package dev.bitnet4j.model;

/** The weights of one transformer layer: four norms (float32 on the heap) and seven BitLinear matrices. */
public record LayerWeights(
        float[] inputNorm,
        TernaryMatrix q, TernaryMatrix k, TernaryMatrix v,
        float[] attnSubNorm,
        TernaryMatrix o,
        float[] postAttnNorm,
        TernaryMatrix gate, TernaryMatrix up,
        float[] ffnSubNorm,
        TernaryMatrix down) {

    /** The seven BitLinear matrices in the order of the forward pass. */
    public java.util.List<TernaryMatrix> matrices() {
        return java.util.List.of(q, k, v, o, gate, up, down);
    }
}
