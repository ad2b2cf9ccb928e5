package dev.bitnet4j.format;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bitnet4j.BitNetException;
import dev.bitnet4j.tensor.DType;
import dev.bitnet4j.tensor.MappedFile;
import dev.bitnet4j.tensor.Tensor;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A safetensors file, memory-mapped: an 8-byte little-endian header length, a JSON header naming each
 * tensor's dtype, shape and [begin, end) byte range in the data that follows. Every length and offset
 * is checked before a tensor view is made, so a corrupt file fails here with its name and the problem.
 */
public final class SafetensorsFile implements AutoCloseable {
    /** The format's own bound on the header (safetensors refuses larger ones too). */
    static final long MAX_HEADER_BYTES = 100L * 1024 * 1024;

    private final MappedFile file;
    private final Map<String, Tensor> tensors;
    private final Map<String, String> metadata;

    private SafetensorsFile(MappedFile file, Map<String, Tensor> tensors, Map<String, String> metadata) {
        this.file = file;
        this.tensors = tensors;
        this.metadata = metadata;
    }

    public static SafetensorsFile open(Path path) {
        MappedFile file = MappedFile.open(path);
        try {
            return parse(file);
        } catch (RuntimeException e) {
            file.close();
            throw e;
        }
    }

    private static SafetensorsFile parse(MappedFile file) {
        Path path = file.path();
        MemorySegment seg = file.segment();
        long size = seg.byteSize();
        if (size < 8) {
            throw error(path, "truncated: " + size + " bytes, but a safetensors file starts with an 8-byte header length");
        }
        long headerLen = seg.get(ValueLayout.JAVA_LONG_UNALIGNED.withOrder(java.nio.ByteOrder.LITTLE_ENDIAN), 0);
        if (headerLen < 2 || headerLen > size - 8) {
            throw error(path, "header length " + Long.toUnsignedString(headerLen) + " does not fit in the file ("
                    + size + " bytes); the file is truncated or not safetensors");
        }
        if (headerLen > MAX_HEADER_BYTES) {
            throw error(path, "header length " + headerLen + " exceeds the format's limit of " + MAX_HEADER_BYTES + " bytes");
        }
        byte[] headerBytes = seg.asSlice(8, headerLen).toArray(ValueLayout.JAVA_BYTE);
        if (headerBytes[0] != '{') throw error(path, "header does not start with '{': not a safetensors file");
        JsonNode header = Json.parse(headerBytes, path + " (safetensors header)");
        if (!header.isObject()) throw error(path, "header is not a JSON object");

        long dataStart = 8 + headerLen;
        long dataSize = size - dataStart;
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        Map<String, String> metadata = new LinkedHashMap<>();
        List<long[]> ranges = new ArrayList<>();   // {begin, end, index}
        List<String> names = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String name = e.getKey();
            JsonNode v = e.getValue();
            if (name.equals("__metadata__")) {
                if (!v.isObject()) throw error(path, "__metadata__ is not a JSON object");
                v.fields().forEachRemaining(m -> metadata.put(m.getKey(), m.getValue().asText()));
                continue;
            }
            String where = "tensor '" + name + "'";
            if (!v.isObject()) throw error(path, where + ": header entry is not a JSON object");
            JsonNode dt = v.get("dtype");
            if (dt == null || !dt.isTextual()) throw error(path, where + ": missing dtype");
            DType dtype = DType.fromSafetensors(dt.asText())
                    .orElseThrow(() -> error(path, where + ": unknown dtype '" + dt.asText() + "'"));
            long[] shape = longs(path, where, "shape", v.get("shape"), -1);
            long[] offs = longs(path, where, "data_offsets", v.get("data_offsets"), 2);
            long begin = offs[0], end = offs[1];
            if (begin > end) throw error(path, where + ": data_offsets [" + begin + ", " + end + "] end before they begin");
            if (end > dataSize) {
                throw error(path, where + ": data_offsets [" + begin + ", " + end + "] run past the end of the data ("
                        + dataSize + " bytes after the header); the file is truncated or corrupt");
            }
            long need = bytesFor(path, where, dtype, shape);
            if (need != end - begin) {
                throw error(path, where + ": shape " + Arrays.toString(shape) + " of " + dtype + " needs " + need
                        + " bytes, but data_offsets [" + begin + ", " + end + "] hold " + (end - begin));
            }
            ranges.add(new long[]{begin, end, names.size()});
            names.add(name);
            tensors.put(name, new Tensor(name, dtype, shape, seg.asSlice(dataStart + begin, end - begin), path));
        }
        ranges.sort(Comparator.<long[]>comparingLong(r -> r[0]).thenComparingLong(r -> r[1]));
        for (int i = 1; i < ranges.size(); i++) {
            long[] a = ranges.get(i - 1), b = ranges.get(i);
            if (b[0] < a[1]) {
                throw error(path, "tensors '" + names.get((int) a[2]) + "' [" + a[0] + ", " + a[1] + ") and '"
                        + names.get((int) b[2]) + "' [" + b[0] + ", " + b[1] + ") overlap");
            }
        }
        return new SafetensorsFile(file, Collections.unmodifiableMap(tensors), Collections.unmodifiableMap(metadata));
    }

    private static long[] longs(Path path, String where, String key, JsonNode node, int expectedLength) {
        if (node == null || !node.isArray()) throw error(path, where + ": missing " + key + " array");
        if (expectedLength >= 0 && node.size() != expectedLength) {
            throw error(path, where + ": " + key + " must have " + expectedLength + " entries, found " + node.size());
        }
        long[] out = new long[node.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode n = node.get(i);
            if (!n.canConvertToExactIntegral() || !n.canConvertToLong() || n.asLong() < 0) {
                throw error(path, where + ": " + key + " holds '" + n + "', expected a non-negative integer");
            }
            out[i] = n.asLong();
        }
        return out;
    }

    private static long bytesFor(Path path, String where, DType dtype, long[] shape) {
        try {
            return Math.multiplyExact(Tensor.numel(shape), dtype.bytes);
        } catch (ArithmeticException e) {
            throw error(path, where + ": shape " + Arrays.toString(shape) + " is too large");
        }
    }

    private static BitNetException error(Path path, String problem) {
        return new BitNetException(path + ": " + problem);
    }

    public Path path() {
        return file.path();
    }

    public Map<String, Tensor> tensors() {
        return tensors;
    }

    public Map<String, String> metadata() {
        return metadata;
    }

    @Override
    public void close() {
        file.close();
    }
}
