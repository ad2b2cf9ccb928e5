package dev.bitnet4j.model;

/**
 * The working arrays of {@link Transformer#forwardBatch}, owned by whoever runs the batches (one
 * scheduler thread): they grow to the largest batch seen and are reused, so steady decoding allocates
 * none. Not for concurrent use.
 */
public final class BatchWorkspace {
    ForwardBuffers buffers;
}
