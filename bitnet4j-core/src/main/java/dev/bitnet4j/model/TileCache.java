package dev.bitnet4j.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bitnet4j.format.AtomicFile;
import dev.bitnet4j.format.Checkpoint;
import dev.bitnet4j.kernels.TernaryTiles;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Gives every ternary matrix of a model its {@link TernaryTiles}, the layout of the fast kernels.
 * Repacking 2B4T takes a few seconds, so the tiles are kept on disk in
 * {@code $BITNET4J_CACHE/tiles/} (default {@code ~/.cache/bitnet4j/tiles/}) and memory-mapped on the
 * next load, which then costs nothing and keeps the tiles out of the Java heap.
 * <p>
 * A cache file is named after a hash of the model's files (absolute path, size, modification time)
 * and the layout version, and starts with a header that is checked against the model on every load.
 * Deleting the folder is always safe: a missing, stale, truncated or foreign file is rebuilt. If the
 * folder cannot be written, the tiles are made in memory for this run only.
 */
public final class TileCache {
    private TileCache() {}

    public static final String ENV = "BITNET4J_CACHE";
    /** Overrides the cache root, for tests: the system property {@code bitnet4j.cache}. */
    public static final String PROPERTY = "bitnet4j.cache";
    static final int VERSION = 1;
    private static final byte[] MAGIC = "B4JTILES".getBytes(StandardCharsets.US_ASCII);
    private static final int ALIGN = 4096;
    private static final System.Logger LOG = System.getLogger(TileCache.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The cache root: -Dbitnet4j.cache, else $BITNET4J_CACHE, else ~/.cache/bitnet4j. */
    public static Path root() {
        String dir = System.getProperty(PROPERTY, System.getenv(ENV));
        if (dir != null && !dir.isBlank()) return Path.of(dir);
        return Path.of(System.getProperty("user.home"), ".cache", "bitnet4j");
    }

    /** One matrix's tiles in memory that lives as long as the segment is reachable (tests, small models). */
    public static TernaryMatrix inMemory(TernaryMatrix m) {
        MemorySegment seg = Arena.ofAuto().allocate(TernaryTiles.byteSize(m.rows(), m.cols()), 64);
        return m.withTiles(TernaryTiles.repack(m, seg));
    }

    /** The weights with tiles attached, mapped from (or first written to) the cache; memory lives in {@code arena}. */
    public static BitNetWeights attach(BitNetWeights weights, Checkpoint ckpt, Arena arena) {
        List<TernaryMatrix> all = matrices(weights);
        long[] off = offsets(all);
        String key = key(ckpt);
        Path file = root().resolve("tiles").resolve(hash(key) + ".tiles");
        MemorySegment data = tryMap(file, key, all, off, arena);
        if (data == null) {
            weights.checkCodes(ckpt);       // a valid cache file was made from checked codes of these very files
            data = build(file, key, all, off, arena);
        }
        Iterator<TernaryMatrix> tiled = withTiles(all, off, data).iterator();
        return weights.withMatrices(m -> tiled.next());
    }

    static List<TernaryMatrix> matrices(BitNetWeights w) {
        List<TernaryMatrix> all = new ArrayList<>();
        for (LayerWeights l : w.layers()) all.addAll(l.matrices());
        return all;
    }

    private static long[] offsets(List<TernaryMatrix> all) {
        long[] off = new long[all.size() + 1];
        for (int i = 0; i < all.size(); i++) {
            off[i + 1] = align(off[i] + TernaryTiles.byteSize(all.get(i).rows(), all.get(i).cols()));
        }
        return off;
    }

    private static long align(long n) {
        return (n + ALIGN - 1) / ALIGN * ALIGN;
    }

    /** The header: magic, JSON length, JSON {key, version, matrices}, padded to a page. */
    private static byte[] header(String key, List<TernaryMatrix> all) {
        ObjectNode h = JSON.createObjectNode().put("version", VERSION).put("key", key);
        ArrayNode ms = h.putArray("matrices");
        for (TernaryMatrix m : all) ms.addObject().put("name", m.name()).put("rows", m.rows()).put("cols", m.cols());
        byte[] json = h.toString().getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[(int) align(MAGIC.length + 8 + json.length)];
        ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN).put(MAGIC).putLong(json.length).put(json);
        return out;
    }

    /** The mapped tile data of a valid cache file, or null when there is none (or it does not match). */
    private static MemorySegment tryMap(Path file, String key, List<TernaryMatrix> all, long[] off, Arena arena) {
        if (!Files.isRegularFile(file)) return null;
        byte[] expected = header(key, all);
        long size = expected.length + off[all.size()];
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer head = ByteBuffer.allocate(expected.length);
            while (head.hasRemaining() && ch.read(head) >= 0) { }
            if (ch.size() != size || !java.util.Arrays.equals(head.array(), expected)) {
                LOG.log(System.Logger.Level.INFO, file + ": does not match the model, rebuilding it");
                return null;
            }
            return ch.map(FileChannel.MapMode.READ_ONLY, expected.length, size - expected.length, arena);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, file + ": unreadable (" + e.getMessage() + "), rebuilding it");
            return null;
        }
    }

    /**
     * Repacks every matrix (in parallel), writes the cache file and maps it. If the folder cannot be written
     * the tiles are made in {@code arena} for this run; if writing fails midway they are copied there.
     */
    private static MemorySegment build(Path file, String key, List<TernaryMatrix> all, long[] off, Arena arena) {
        long size = off[all.size()];
        AtomicFile out;
        try {
            Files.createDirectories(file.getParent());
            out = AtomicFile.create(file);
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot write the tile cache in " + file.getParent() + " (" + e.getMessage()
                    + "); repacking in memory for this run");
            return repackAll(all, off, arena.allocate(size, ALIGN));
        }
        try (out; Arena scratch = Arena.ofShared()) {
            MemorySegment data = repackAll(all, off, scratch.allocate(size, ALIGN));
            try {
                out.writeFully(ByteBuffer.wrap(header(key, all)));
                for (long at = 0, step = 1L << 28; at < size; at += step) {   // a ByteBuffer holds < 2 GB
                    out.writeFully(data.asSlice(at, Math.min(step, size - at)).asByteBuffer());
                }
                out.commit();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "cannot write " + file + " (" + e.getMessage() + "); keeping the tiles in memory for this run");
                return arena.allocate(size, ALIGN).copyFrom(data);
            }
        }
        MemorySegment mapped = tryMap(file, key, all, off, arena);
        if (mapped == null) throw new IllegalStateException(file + ": written but does not read back");
        return mapped;
    }

    private static MemorySegment repackAll(List<TernaryMatrix> all, long[] off, MemorySegment data) {
        IntStream.range(0, all.size()).parallel().forEach(i -> {
            TernaryMatrix m = all.get(i);
            TernaryTiles.repack(m, data.asSlice(off[i], TernaryTiles.byteSize(m.rows(), m.cols())));
        });
        return data;
    }

    /** Each matrix with its tiles: the slice of {@code data} at its offset. */
    private static List<TernaryMatrix> withTiles(List<TernaryMatrix> all, long[] off, MemorySegment data) {
        List<TernaryMatrix> tiled = new ArrayList<>(all.size());
        for (int i = 0; i < all.size(); i++) {
            TernaryMatrix m = all.get(i);
            MemorySegment seg = data.asSlice(off[i], TernaryTiles.byteSize(m.rows(), m.cols()));
            tiled.add(m.withTiles(TernaryTiles.of(m.rows(), m.cols(), seg)));
        }
        return tiled;
    }

    /** What the tiles are derived from: the layout version and each model file's path, size and mtime. */
    static String key(Checkpoint ckpt) {
        StringBuilder k = new StringBuilder("tiles v").append(VERSION);
        for (Path f : ckpt.files()) {
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

    private static String hash(String key) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
