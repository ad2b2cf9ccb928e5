package dev.bitnet4j.format.gguf;

import dev.bitnet4j.BitNetException;
import dev.bitnet4j.tensor.MappedFile;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses the GGUF container (spec gguf-ternary §1) of a mapped file: header, metadata, tensor infos, then checks
 * the data section's layout (alignment, bounds, overlaps). Nothing is read from the data section itself.
 */
final class GgufReader {
    static final byte[] MAGIC = "GGUF".getBytes(StandardCharsets.US_ASCII);
    static final int DEFAULT_ALIGNMENT = 32;
    static final String ALIGNMENT_KEY = "general.alignment";
    static final String ARCHITECTURE_KEY = "general.architecture";
    /** The smallest metadata entry: an empty key (u64 length), a value type (u32), a 1-byte value. */
    private static final int MIN_KV_BYTES = 8 + 4 + 1;
    /** The smallest tensor info: an empty name (u64 length), n_dims (u32), one dim (u64), type (u32), offset (u64). */
    private static final int MIN_TENSOR_INFO_BYTES = 8 + 4 + 8 + 4 + 8;

    private record Info(String name, GgmlType type, long[] dims, long offset, long bytes) {}

    private GgufReader() {}

    static GgufFile read(MappedFile file) {
        GgufCursor in = new GgufCursor(file.path(), file.segment());
        int version = header(in, file.size());
        long tensorCount = in.count(MIN_TENSOR_INFO_BYTES, "tensor count");
        long kvCount = in.count(MIN_KV_BYTES, "metadata entry count");
        GgufMetadata metadata = metadata(in, kvCount, file.path().toString());
        String architecture = metadata.optString(ARCHITECTURE_KEY).orElse("");   // fails for a non-string
        int alignment = alignment(in, metadata);
        List<Info> infos = new ArrayList<>();
        for (long i = 0; i < tensorCount; i++) infos.add(tensorInfo(in, i, architecture));

        long dataOffset = alignUp(in.position(), alignment);
        if (dataOffset > file.size()) {
            throw in.error("truncated: the tensor data starts at byte " + dataOffset + " (after padding to " + alignment
                    + "), but the file has " + file.size() + " bytes");
        }
        long dataBytes = file.size() - dataOffset;
        Map<String, GgufTensor> tensors = new LinkedHashMap<>();
        for (Info t : infos) {
            checkPlacement(in, t, alignment, dataBytes);
            var data = file.segment().asSlice(dataOffset + t.offset, t.bytes);
            if (tensors.put(t.name, new GgufTensor(t.name, t.type, t.dims, t.offset, data, file.path())) != null) {
                throw in.error("tensor '" + t.name + "' appears twice");
            }
        }
        checkNoOverlap(in, infos);
        return new GgufFile(file, version, alignment, dataOffset, metadata, Collections.unmodifiableMap(tensors));
    }

    private static int header(GgufCursor in, long size) {
        if (size < MAGIC.length) {
            throw in.error("truncated: " + size + " bytes, but a GGUF file starts with the 4 bytes 'GGUF'");
        }
        byte[] magic = in.bytes(MAGIC.length, "magic");
        if (!Arrays.equals(magic, MAGIC)) {
            throw in.error("not a GGUF file: it starts with 0x" + HexFormat.of().formatHex(magic) + ", not 'GGUF'");
        }
        int version = in.u32("version");
        if (version != 2 && version != 3) {
            int swapped = Integer.reverseBytes(version);
            throw in.error("unsupported GGUF version " + Integer.toUnsignedString(version) + " (this reader handles 2 and 3"
                    + (swapped == 2 || swapped == 3 ? "; this looks like a big-endian file, which it does not)" : ")"));
        }
        return version;
    }

    private static GgufMetadata metadata(GgufCursor in, long count, String source) {
        Map<String, GgufValue> entries = new LinkedHashMap<>();
        for (long i = 0; i < count; i++) {
            String key = in.string("metadata key #" + i);
            if (entries.containsKey(key)) throw in.error("metadata key '" + key + "' appears twice");
            String what = "metadata key '" + key + "'";
            GgufValueType type = in.valueType(what);
            entries.put(key, new GgufValue(type, in.value(type, what, 0)));
        }
        return new GgufMetadata(source, entries);
    }

    private static int alignment(GgufCursor in, GgufMetadata metadata) {
        GgufValue v = metadata.get(ALIGNMENT_KEY).orElse(null);
        if (v == null) return DEFAULT_ALIGNMENT;
        int a = alignment(v);
        if (a == 0) throw in.error("metadata key '" + ALIGNMENT_KEY + "' is " + v + ", expected a UINT32 power of two");
        return a;
    }

    /** The alignment {@code v} sets, or 0 unless it is a UINT32 power of two (below 2^31, as an int must be). */
    static int alignment(GgufValue v) {
        long a = v.value() instanceof Long l ? l : 0;
        return v.type() == GgufValueType.UINT32 && a > 0 && a <= 1 << 30 && Long.bitCount(a) == 1 ? (int) a : 0;
    }

    private static Info tensorInfo(GgufCursor in, long index, String architecture) {
        String name = in.string("tensor name #" + index);
        String what = "tensor '" + name + "'";
        int nDims = in.u32(what + " dim count");
        if (nDims < 1 || nDims > GgmlType.MAX_DIMS) {
            throw in.error(what + " has " + Integer.toUnsignedString(nDims) + " dims, expected 1 to " + GgmlType.MAX_DIMS);
        }
        long[] dims = new long[nDims];
        for (int d = 0; d < nDims; d++) {
            dims[d] = in.u64(what + " dim " + d);
            if (dims[d] < 1) {
                throw in.error(what + " dim " + d + " is " + Long.toUnsignedString(dims[d]) + ", expected 1 to 2^63 - 1");
            }
        }
        int typeId = in.u32(what + " type");
        GgmlType type = GgmlType.fromId(typeId, architecture).orElseThrow(() -> in.error(what + " has ggml type id "
                + Integer.toUnsignedString(typeId) + ", which this reader does not know for architecture '" + architecture
                + "' (known: F32 0, F16 1, Q8_0 8, BF16 30, TQ1_0 34, TQ2_0 35, and I2_S 36 for "
                + String.join(" and ", GgmlType.I2_S_ARCHITECTURES.stream().sorted().toList()) + ")"));
        long offset = in.u64(what + " offset");
        long bytes;
        try {
            bytes = type.byteSize(dims);
        } catch (BitNetException e) {
            throw in.error(what + ": " + e.getMessage());
        }
        return new Info(name, type, dims, offset, bytes);
    }

    private static void checkPlacement(GgufCursor in, Info t, int alignment, long dataBytes) {
        String what = "tensor '" + t.name + "'";
        if (Long.remainderUnsigned(t.offset, alignment) != 0) {
            throw in.error(what + " offset " + Long.toUnsignedString(t.offset) + " is not a multiple of the alignment " + alignment);
        }
        if (Long.compareUnsigned(t.offset, dataBytes) > 0 || t.bytes > dataBytes - t.offset) {
            throw in.error(what + " (" + t.type + " " + Arrays.toString(t.dims) + ") needs " + t.bytes + " bytes at offset "
                    + Long.toUnsignedString(t.offset) + " of the data section, which holds only " + dataBytes
                    + " bytes; the file is truncated or corrupt");
        }
    }

    private static void checkNoOverlap(GgufCursor in, List<Info> infos) {
        List<Info> sorted = new ArrayList<>(infos);
        sorted.sort(Comparator.comparingLong(Info::offset));
        for (int i = 1; i < sorted.size(); i++) {
            Info a = sorted.get(i - 1), b = sorted.get(i);
            if (b.offset < a.offset + a.bytes) {
                throw in.error("tensors '" + a.name + "' [" + a.offset + ", " + (a.offset + a.bytes) + ") and '" + b.name
                        + "' [" + b.offset + ", " + (b.offset + b.bytes) + ") overlap in the data section");
            }
        }
    }

    static long alignUp(long n, int alignment) {
        return (n + alignment - 1) / alignment * alignment;
    }
}
