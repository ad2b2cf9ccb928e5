package dev.bitnet4j.generate.constrain;

/**
 * Which tokens may come next, for constrained decoding (e.g. JSON output). The generator asks
 * {@link #allows} about candidates in order of probability and samples only allowed ones, then
 * {@link #accept}s the one it picked. End-of-sequence tokens are the generator's business: it allows
 * them exactly when {@link #complete()} is true, and never passes them to this interface.
 * <p>
 * A constraint is stateful and serves one generation; not thread-safe.
 */
public interface TokenConstraint {
    /** Whether the token (not an EOS) may come next, given everything accepted so far. */
    boolean allows(int tokenId);

    /** Moves past the token; it must be one that {@link #allows} allowed. */
    void accept(int tokenId);

    /** Whether the output so far is a whole document, so generation may end here. */
    boolean complete();
}
