package dev.bitnet4j.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bitnet4j.format.CacheFile;
import dev.bitnet4j.format.Checkpoint;
import dev.bitnet4j.kernels.TernaryTiles;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.ArrayList;
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

    static final int VERSION = 1;
    private static final int ALIGN = 4096;
    private static final ObjectMapper JSON = new ObjectMapper();

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
        Path file = CacheFile.path("tiles", key, ".tiles");
        MemorySegment data = CacheFile.mapOrBuild(file, header(key, all), off[all.size()], arena, seg -> {
            weights.checkCodes(ckpt);       // a valid cache file was made from checked codes of these very files
            repackAll(all, off, seg);
        });
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

    /** The header: what the tiles are derived from (key, version, every matrix's name and shape). */
    private static byte[] header(String key, List<TernaryMatrix> all) {
        ObjectNode h = JSON.createObjectNode().put("version", VERSION).put("key", key);
        ArrayNode ms = h.putArray("matrices");
        for (TernaryMatrix m : all) ms.addObject().put("name", m.name()).put("rows", m.rows()).put("cols", m.cols());
        return CacheFile.header("B4JTILES", h);
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
        return CacheFile.filesKey("tiles v" + VERSION, ckpt.files());
    }
}
