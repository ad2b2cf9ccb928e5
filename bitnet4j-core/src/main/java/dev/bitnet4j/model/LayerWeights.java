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

    /** These weights with each matrix replaced by {@code f(matrix)}, called in the order of {@link #matrices}. */
    public LayerWeights withMatrices(java.util.function.UnaryOperator<TernaryMatrix> f) {
        TernaryMatrix q2 = f.apply(q), k2 = f.apply(k), v2 = f.apply(v), o2 = f.apply(o);
        TernaryMatrix gate2 = f.apply(gate), up2 = f.apply(up), down2 = f.apply(down);
        return new LayerWeights(inputNorm, q2, k2, v2, attnSubNorm, o2, postAttnNorm, gate2, up2, ffnSubNorm, down2);
    }

    /** The seven BitLinear matrices in the order of the forward pass. */
    public java.util.List<TernaryMatrix> matrices() {
        return java.util.List.of(q, k, v, o, gate, up, down);
    }
}
