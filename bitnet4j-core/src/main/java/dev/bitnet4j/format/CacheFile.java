package dev.bitnet4j.format;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Data derived from model files (the kernels' tile layout, a GGUF file's decoded weights), kept on disk and
 * memory-mapped on the next load, which then costs nothing and keeps the data off the Java heap until it is
 * touched. A file is a header (which names what the data is derived from, so a stale file never matches)
 * followed by the data; a missing, stale, truncated or foreign file is rebuilt, and when the folder cannot be
 * written the data is built in memory for this run only.
 */
public final class CacheFile {
    private CacheFile() {}

    /** The cache root's environment variable; see {@link #root}. */
    public static final String ENV = "BITNET4J_CACHE";
    /** Overrides the cache root, for tests: the system property {@code bitnet4j.cache}. */
    public static final String PROPERTY = "bitnet4j.cache";

    private static final System.Logger LOG = System.getLogger(CacheFile.class.getName());
    /** A ByteBuffer holds < 2 GB; larger data is written in steps. */
    private static final long WRITE_STEP = 1L << 28;

    /** The cache root: -Dbitnet4j.cache, else $BITNET4J_CACHE, else ~/.cache/bitnet4j. */
    public static Path root() {
        String dir = System.getProperty(PROPERTY, System.getenv(ENV));
        if (dir != null && !dir.isBlank()) return Path.of(dir);
        return Path.of(System.getProperty("user.home"), ".cache", "bitnet4j");
    }

    /** The cache file of {@code key} in the root's folder {@code kind}: a short hash of the key as its name. */
    public static Path path(String kind, String key, String extension) {
        return root().resolve(kind).resolve(hash(key) + extension);
    }

    static String hash(String key) {
        try {
            byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(key.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(d, 0, 16);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The {@code size} bytes of data in {@code file} after {@code header}, mapped read-only into {@code arena};
     * when the file is missing or does not match, {@code build} fills a fresh (zeroed) segment that is then
     * written atomically and mapped.
     */
    public static MemorySegment mapOrBuild(Path file, byte[] header, long size, Arena arena, Consumer<MemorySegment> build) {
        MemorySegment data = tryMap(file, header, size, arena);
        return data != null ? data : build(file, header, size, arena, build);
    }

    private static MemorySegment tryMap(Path file, byte[] header, long size, Arena arena) {
        if (!Files.isRegularFile(file)) return null;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer head = ByteBuffer.allocate(header.length);
            while (head.hasRemaining() && ch.read(head) >= 0) { }
            if (ch.size() != header.length + size || !Arrays.equals(head.array(), header)) {
                LOG.log(System.Logger.Level.INFO, file + ": does not match the model, rebuilding it");
                return null;
            }
            return ch.map(FileChannel.MapMode.READ_ONLY, header.length, size, arena);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, file + ": unreadable (" + e.getMessage() + "), rebuilding it");
            return null;
        }
    }

    private static MemorySegment build(Path file, byte[] header, long size, Arena arena, Consumer<MemorySegment> build) {
        AtomicFile out;
        try {
            Files.createDirectories(file.getParent());
            out = AtomicFile.create(file);
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot write the cache in " + file.getParent() + " (" + e.getMessage()
                    + "); building in memory for this run");
            MemorySegment data = arena.allocate(size, 4096);
            build.accept(data);
            return data;
        }
        try (out; Arena scratch = Arena.ofShared()) {
            MemorySegment data = scratch.allocate(size, 4096);
            build.accept(data);
            try {
                out.writeFully(ByteBuffer.wrap(header));
                for (long at = 0; at < size; at += WRITE_STEP) {
                    out.writeFully(data.asSlice(at, Math.min(WRITE_STEP, size - at)).asByteBuffer());
                }
                out.commit();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "cannot write " + file + " (" + e.getMessage() + "); keeping the data in memory for this run");
                return arena.allocate(size, 4096).copyFrom(data);
            }
        }
        MemorySegment mapped = tryMap(file, header, size, arena);
        if (mapped == null) throw new IllegalStateException(file + ": written but does not read back");
        return mapped;
    }

    /** A header: 8 magic bytes, the JSON's length, the JSON (what the data is derived from), zero-padded to a page. */
    public static byte[] header(String magic, com.fasterxml.jackson.databind.JsonNode json) {
        byte[] m = magic.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        if (m.length != 8) throw new IllegalArgumentException("magic must be 8 ASCII bytes: " + magic);
        byte[] j = json.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] out = new byte[(int) ((m.length + 8 + j.length + 4095) / 4096 * 4096)];
        ByteBuffer.wrap(out).order(java.nio.ByteOrder.LITTLE_ENDIAN).put(m).putLong(j.length).put(j);
        return out;
    }

    /** A key naming files by absolute path, size and modification time: what derived data is derived from. */
    public static String filesKey(String what, Iterable<Path> files) {
        StringBuilder k = new StringBuilder(what);
        for (Path f : files) {
            try {
                Path abs = f.toAbsolutePath().normalize();
                k.append('\n').append(abs).append(' ').append(Files.size(abs)).append(' ')
                        .append(Files.getLastModifiedTime(abs).toMillis());
            } catch (IOException e) {
                k.append('\n').append(f).append(" ?");
            }
        }
        return k.toString();
    }
}
