package dev.bitnet4j.format;

import dev.bitnet4j.Fixtures;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the Jazzer fuzz tests of the file readers share ({@code SafetensorsFileFuzzTest}, {@code GgufFileFuzzTest}).
 *
 * <p>{@code ./mvnw verify} fuzzes each for its {@code maxDuration} in the surefire execution "fuzz" of
 * bitnet4j-core's pom: JAZZER_FUZZ=1, a 512 MB heap (so a reader that allocates by a lying count hits an
 * OutOfMemoryError, a finding), a 10 s per-input timeout, a JVM per class. A BitNetException is the expected
 * answer to a bad file; any other exception or Error fails the test, and an input past the timeout ends the JVM
 * (libFuzzer's timeout), which fails the build too. Jazzer starts
 * from the files in the test's inputs folder, {@code src/test/resources/<package>/<Class>Inputs/fuzzOpen}: the seeds
 * {@code valid-*}, small valid files that {@link #validSeeds} checks in the plain unit tests, and every input that
 * ever failed, which Jazzer writes there as {@code crash-*} or {@code timeout-*} and which stay there, so every run
 * replays them. What it learns goes to {@code bitnet4j-core/.cifuzz-corpus/} (ignored by git), where the next local
 * run starts.
 *
 * <p>To fuzz one reader longer locally (JAZZER_MAX_DURATION overrides maxDuration), after
 * {@code ./mvnw -pl bitnet4j-core test-compile}:
 * <pre>JAZZER_MAX_DURATION=30m ./mvnw -pl bitnet4j-core surefire:test@fuzz -Dtest=GgufFileFuzzTest</pre>
 * When it reports a finding, fix the reader and commit the crash file it left in the inputs folder.
 */
public final class FuzzInputs {
    /** libFuzzer makes no input longer than this unless told to; a longer seed would only slow it down. */
    static final int MAX_SEED_BYTES = 4096;
    /** One scratch file per suffix, rewritten for every input. */
    private static final Map<String, Path> SCRATCH = new ConcurrentHashMap<>();

    private FuzzInputs() {}

    /** The {@code valid-*} seeds in the inputs folder of {@code fuzzTest}'s {@code fuzzOpen}, each checked for size. */
    public static List<Path> validSeeds(Class<?> fuzzTest) throws IOException {
        Path inputs = Fixtures.resource(fuzzTest.getPackageName().replace('.', '/') + "/" + fuzzTest.getSimpleName()
                + "Inputs/fuzzOpen");
        List<Path> seeds;
        try (var files = Files.list(inputs)) {
            seeds = files.filter(p -> p.getFileName().toString().startsWith("valid-")).sorted().toList();
        }
        for (Path seed : seeds) assertTrue(Files.size(seed) <= MAX_SEED_BYTES, seed + " is over " + MAX_SEED_BYTES + " bytes");
        return seeds;
    }

    /** Writes {@code bytes} to this JVM's scratch file with {@code suffix} and returns it. */
    public static Path write(byte[] bytes, String suffix) throws IOException {
        Path file = scratch(suffix);
        Files.write(file, bytes);
        return file;
    }

    /**
     * This JVM's one scratch file with {@code suffix}, made on first use and reused for every input. It lives in
     * /dev/shm where that is a folder (Linux's memory file system), so a writer's fsync costs nothing.
     */
    public static Path scratch(String suffix) {
        return SCRATCH.computeIfAbsent(suffix, FuzzInputs::newScratchFile);
    }

    private static Path newScratchFile(String suffix) {
        try {
            Path shm = Path.of("/dev/shm");
            Path f = Files.isDirectory(shm) && Files.isWritable(shm) ? Files.createTempFile(shm, "fuzz", suffix)
                    : Files.createTempFile("fuzz", suffix);
            f.toFile().deleteOnExit();
            return f;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
