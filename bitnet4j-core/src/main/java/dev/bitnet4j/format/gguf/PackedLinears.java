package dev.bitnet4j.format.gguf;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bitnet4j.BitNetException;
import dev.bitnet4j.format.CacheFile;
import dev.bitnet4j.format.Json;
import dev.bitnet4j.model.TernaryPacking;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The BitLinear weights of a GGUF file in the packed layout, with their scales: decoded once (in parallel,
 * 2B4T's 2.4 G weights in about a second), then kept in {@code $BITNET4J_CACHE/packed/} and mapped on every
 * later load. A mapped cache costs neither time nor memory until it is read, and with the fast kernels it is
 * read only to build their tiles, so a GGUF file then loads as fast and as small as a model folder.
 * Data: one float32 scale per tensor (padded to a page), then each tensor's packed bytes, page-aligned.
 */
final class PackedLinears {
    static final int VERSION = 1;
    private static final int ALIGN = 4096;

    private final MemorySegment data;
    private final long[] offsets;
    private final long[] sizes;

    private PackedLinears(MemorySegment data, long[] offsets, long[] sizes) {
        this.data = data;
        this.offsets = offsets;
        this.sizes = sizes;
    }

    /** Tensor i's scale as stored in the file (before any separate .scale tensor). */
    float scale(int i) {
        return data.get(ValueLayout.JAVA_FLOAT_UNALIGNED, 4L * i);
    }

    /** Tensor i in the packed layout: U8 [rows/4, cols]. */
    MemorySegment weights(int i) {
        return data.asSlice(offsets[i], sizes[i]);
    }

    static PackedLinears mapOrDecode(GgufFile file, List<GgufTensor> linears, boolean permuted, int headDim, Arena arena) {
        int n = linears.size();
        long[] offsets = new long[n], sizes = new long[n];
        long at = align(4L * n);
        for (int i = 0; i < n; i++) {
            GgufTensor t = linears.get(i);
            if (t.dims().length != 2) throw new BitNetException(t.where() + ": expected 2 dimensions, found " + t.dims().length);
            long rows = t.dims()[1], cols = t.dims()[0];
            if (rows % 4 != 0) throw new BitNetException(t.where() + ": " + rows + " rows; the packed layout needs a multiple of 4");
            if (rows > Integer.MAX_VALUE || cols > Integer.MAX_VALUE) throw new BitNetException(t.where() + ": too large");
            offsets[i] = at;
            sizes[i] = rows / 4 * cols;
            at = align(at + sizes[i]);
        }
        String key = CacheFile.filesKey("gguf packed v" + VERSION, List.of(file.path()));
        var cacheFile = CacheFile.path("packed", key, ".packed");
        MemorySegment data = CacheFile.mapOrBuild(cacheFile, header(key, linears), at, arena,
                seg -> decodeAll(file, linears, permuted, headDim, seg, offsets, sizes));
        return new PackedLinears(data, offsets, sizes);
    }

    /** Decodes every tensor into its slice, one tensor per task; the lowest failing tensor's error is thrown. */
    private static void decodeAll(GgufFile file, List<GgufTensor> linears, boolean permuted, int headDim, MemorySegment seg,
                                  long[] offsets, long[] sizes) {
        RuntimeException[] errors = new RuntimeException[linears.size()];
        IntStream.range(0, linears.size()).parallel().forEach(i -> {
            try {
                GgufTensor t = linears.get(i);
                MemorySegment packed = seg.asSlice(offsets[i], sizes[i]);
                float scale = decode(file, t, packed);
                seg.set(ValueLayout.JAVA_FLOAT_UNALIGNED, 4L * i, scale);
                if (permuted) unpermute(t.name(), packed, (int) t.dims()[1], (int) t.dims()[0], headDim);
                // The file's pages of this tensor are not read again: let them go rather than count twice in RSS.
                if (t.data().isMapped()) t.data().unload();
            } catch (RuntimeException e) {
                errors[i] = e;
            }
        });
        for (RuntimeException e : errors) if (e != null) throw e;
    }

    private static float decode(GgufFile file, GgufTensor t, MemorySegment packed) {
        int cols = (int) t.dims()[0], rows = (int) t.dims()[1];
        return switch (t.type()) {
            case I2_S -> I2sCodec.INSTANCE.decode(t.data(), rows, cols, packed, t.where());
            case TQ2_0 -> Tq2Codec.INSTANCE.decode(t.data(), rows, cols, packed, t.where());
            case TQ1_0 -> Tq1Codec.INSTANCE.decode(t.data(), rows, cols, packed, t.where());
            case F32, F16, BF16 -> FloatTernary.pack(GgufCheckpoint.floatTensor(t, t.name(), file.path(), null), rows, cols, packed);
            default -> throw new BitNetException(t.where() + ": type " + t.type()
                    + " is not a ternary type (bitnet4j reads I2_S, TQ1_0, TQ2_0, or float weights)");
        };
    }

    /** Undoes the converters' Llama q/k row order (gguf-ternary §5): HF row (g%2)·d/2 + g/2 is GGUF row g of each head. */
    private static void unpermute(String name, MemorySegment packed, int rows, int cols, int d) {
        if (!name.endsWith("attn_q.weight") && !name.endsWith("attn_k.weight")) return;
        byte[] t = TernaryPacking.unpack(packed, rows, cols);
        byte[] hf = new byte[t.length];
        for (int g = 0; g < rows; g++) {
            int head = g / d, inHead = g % d;
            int j = head * d + (inHead % 2) * (d / 2) + inHead / 2;
            System.arraycopy(t, g * cols, hf, j * cols, cols);
        }
        packed.copyFrom(MemorySegment.ofArray(TernaryPacking.pack(hf, rows, cols)));
    }

    /** What the data was decoded from: the file's key and every tensor's name, type and dims. */
    private static byte[] header(String key, List<GgufTensor> linears) {
        ObjectNode h = Json.MAPPER.createObjectNode().put("version", VERSION).put("key", key);
        ArrayNode ts = h.putArray("tensors");
        for (GgufTensor t : linears) {
            ts.addObject().put("name", t.name()).put("type", t.type().name()).put("ne0", t.dims()[0]).put("ne1", t.dims()[1]);
        }
        return CacheFile.header("B4JPACKD", h);
    }

    private static long align(long n) {
        return (n + ALIGN - 1) / ALIGN * ALIGN;
    }
}
