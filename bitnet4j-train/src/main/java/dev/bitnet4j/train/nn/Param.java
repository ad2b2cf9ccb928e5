package dev.bitnet4j.train.nn;

/**
 * One trainable tensor: its Hugging Face name, its shape ([rows, cols], or [size] for a vector), its fp32
 * values (the latent weights of a BitLinear) and the gradient accumulated into {@code grad} by backward passes.
 */
public record Param(String name, Kind kind, int[] shape, float[] value, float[] grad) {

    /** What a tensor is in the model; the optimizer decays {@link #LINEAR} and {@link #EMBEDDING} weights only. */
    public enum Kind { EMBEDDING, NORM, LINEAR }

    public Param(String name, Kind kind, int... shape) {
        this(name, kind, shape.clone(), new float[size(shape)], new float[size(shape)]);
    }

    public int size() {
        return value.length;
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }

    private static int size(int[] shape) {
        long n = 1;
        for (int d : shape) n *= d;
        if (n > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("tensor too large for one array: " + n);
        return (int) n;
    }
}
