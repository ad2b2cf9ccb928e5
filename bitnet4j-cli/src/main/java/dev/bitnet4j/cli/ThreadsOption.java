package dev.bitnet4j.cli;

import dev.bitnet4j.BitNetException;
import picocli.CommandLine.Option;

/** -t / --threads of the commands that run a model or train one: all cores unless given. */
final class ThreadsOption {
    @Option(names = {"-t", "--threads"}, description = "Threads for the matrix products (default: all ${sys:bitnet4j.cores} cores).")
    Integer threads;

    /** The thread count to use. @throws BitNetException outside 1..1024 */
    int count() {
        int n = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (n < 1 || n > 1024) throw new BitNetException("--threads must be between 1 and 1024, found " + n);
        return n;
    }
}
