package dev.bitnet4j.bench;

import dev.bitnet4j.tokenizer.Tokenizer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Encoding one megabyte (10^6 bytes) of English prose per operation, so ops/s reads as MB/s.
 * {@code encode} runs with the warm word cache, {@code encodeColdCache} with a fresh, empty one
 * each time (a first encode of new text), {@code encodeNoCache} with none (BPE on every word).
 * The tokenizer comes from -Dbitnet4j.tokenizer, by default the test fixture, found from the
 * repository root or from bitnet4j-bench.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED", "-Xmx2g"})
public class TokenizerEncodeBenchmark {
    static final int BYTES = 1_000_000;
    private static final String DEFAULT_TOKENIZER = "bitnet4j-core/src/test/resources/fixtures/tokenizer/tokenizer.json";

    private Tokenizer tokenizer, uncached;
    private String text;

    @Setup
    public void setup() {
        tokenizer = Tokenizer.load(tokenizerPath());
        uncached = tokenizer.withWordCache(0);
        text = EnglishText.generate(BYTES, 42);
        if (text.getBytes(StandardCharsets.UTF_8).length != BYTES) throw new IllegalStateException("text is not " + BYTES + " bytes");
        int tokens = tokenizer.encode(text, true).length;
        System.out.printf("%n%d bytes of English, %d tokens (%.2f bytes/token)%n", BYTES, tokens, (double) BYTES / tokens);
    }

    static Path tokenizerPath() {
        String configured = System.getProperty("bitnet4j.tokenizer");
        if (configured != null) return Path.of(configured);
        for (Path p : new Path[] {Path.of(DEFAULT_TOKENIZER), Path.of("..", DEFAULT_TOKENIZER)}) {
            if (Files.exists(p)) return p;
        }
        throw new IllegalStateException("no " + DEFAULT_TOKENIZER + " here; run from the repository root"
                + " or pass -Dbitnet4j.tokenizer=/path/to/tokenizer.json");
    }

    @Benchmark
    public int[] encode() {
        return tokenizer.encode(text, true);
    }

    @Benchmark
    public int[] encodeColdCache() {
        return tokenizer.withWordCache(16_384).encode(text, true);
    }

    @Benchmark
    public int[] encodeNoCache() {
        return uncached.encode(text, true);
    }
}
