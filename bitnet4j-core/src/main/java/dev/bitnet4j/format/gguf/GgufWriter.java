package dev.bitnet4j.format.gguf;

import dev.bitnet4j.format.AtomicFile;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Writes a GGUF v3 file atomically ({@link AtomicFile}: temporary file, fsync, rename). Metadata and tensors are
 * written in the order they were added, in ggml's layout: header, metadata, tensor infos, zero padding to the
 * alignment, then each tensor's data padded with zeros to the alignment. llama.cpp's {@code gguf_write_to_buf} and
 * gguf-py do the same, so a file they wrote is rewritten byte for byte (as the fixtures are). Tensor data is
 * streamed: each tensor is produced into an off-heap buffer of its own size when its turn comes, never the whole
 * file on the heap.
 */
public final class GgufWriter {
    /** ggml's GGML_MAX_NAME counts the terminating NUL: llama.cpp refuses longer tensor names. */
    static final int MAX_TENSOR_NAME_BYTES = 63;
    /** Bytes handed to one channel write (a ByteBuffer holds at most 2^31 - 1). */
    private static final long WRITE_CHUNK = 1 << 30;

    /** Produces a tensor's bytes. */
    @FunctionalInterface
    public interface TensorData {
        /** Fills {@code dst}, which is exactly {@code type.byteSize(dims)} bytes, zero-filled. */
        void writeTo(MemorySegment dst);
    }

    private record PendingTensor(String name, GgmlType type, long[] dims, long bytes, TensorData data) {}

    private final Map<String, GgufValue> metadata = new LinkedHashMap<>();
    private final Map<String, PendingTensor> tensors = new LinkedHashMap<>();

    /**
     * Adds a metadata entry. {@code general.alignment} must be a UINT32 power of two.
     *
     * @throws IllegalArgumentException for a key added twice, a bad alignment, or arrays nested too deep to read back
     */
    public GgufWriter put(String key, GgufValue v) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(v, "value");
        if (metadata.containsKey(key)) throw new IllegalArgumentException("metadata key '" + key + "' is already set");
        if (key.equals(GgufReader.ALIGNMENT_KEY)) alignmentOf(v);
        checkDepth(key, v.value(), 0);
        metadata.put(key, v);
        return this;
    }

    /**
     * Adds a tensor; {@code data} is called during {@link #write}.
     *
     * @throws IllegalArgumentException           for a name added twice or longer than llama.cpp reads
     * @throws dev.bitnet4j.BitNetException when the dims do not fit the type (see {@link GgmlType#byteSize})
     */
    public GgufWriter addTensor(String name, GgmlType type, long[] dims, TensorData data) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(data, "data");
        if (tensors.containsKey(name)) throw new IllegalArgumentException("tensor '" + name + "' is already added");
        int nameBytes = name.getBytes(StandardCharsets.UTF_8).length;
        if (nameBytes > MAX_TENSOR_NAME_BYTES) {
            throw new IllegalArgumentException("tensor name '" + name + "' is " + nameBytes + " bytes; llama.cpp reads at most "
                    + MAX_TENSOR_NAME_BYTES);
        }
        long[] d = dims.clone();
        tensors.put(name, new PendingTensor(name, type, d, type.byteSize(d), data));
        return this;
    }

    /** Adds a copy of {@code t} (from a file that must stay open until {@link #write} returns). */
    public GgufWriter addTensor(GgufTensor t) {
        return addTensor(t.name(), t.type(), t.dims(), dst -> MemorySegment.copy(t.data(), 0, dst, 0, dst.byteSize()));
    }

    /** Writes the file; on any failure the target is left as it was. */
    public void write(Path out) {
        GgufValue a = metadata.get(GgufReader.ALIGNMENT_KEY);
        int alignment = a == null ? GgufReader.DEFAULT_ALIGNMENT : alignmentOf(a);
        byte[] head = header(alignment);
        try (AtomicFile file = AtomicFile.create(out)) {
            file.writeFully(ByteBuffer.wrap(head));
            for (PendingTensor t : tensors.values()) writeData(file, t, alignment);
            file.commit();
        }
    }

    private byte[] header(int alignment) {
        GgufOutput out = new GgufOutput()
                .raw(GgufReader.MAGIC).u32(3).u64(tensors.size()).u64(metadata.size());
        metadata.forEach((k, v) -> out.string(k).u32(v.type().id).value(v.type(), v.value()));
        long offset = 0;
        for (PendingTensor t : tensors.values()) {
            out.string(t.name).u32(t.dims.length);
            for (long d : t.dims) out.u64(d);
            out.u32(t.type.id).u64(offset);
            offset = Math.addExact(offset, GgufReader.alignUp(t.bytes, alignment));
        }
        return out.pad(alignment).toByteArray();
    }

    private static void writeData(AtomicFile file, PendingTensor t, int alignment) {
        long padded = GgufReader.alignUp(t.bytes, alignment);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(padded);    // zeroed, so the padding needs no second write
            t.data.writeTo(buf.asSlice(0, t.bytes));
            for (long done = 0; done < padded; done += WRITE_CHUNK) {
                file.writeFully(buf.asSlice(done, Math.min(WRITE_CHUNK, padded - done)).asByteBuffer());
            }
        }
    }

    private static int alignmentOf(GgufValue v) {
        int a = GgufReader.alignment(v);
        if (a == 0) throw new IllegalArgumentException(GgufReader.ALIGNMENT_KEY + " must be a UINT32 power of two, got " + v);
        return a;
    }

    private static void checkDepth(String key, Object value, int depth) {
        if (!(value instanceof GgufArray array)) return;
        if (depth >= GgufCursor.MAX_ARRAY_DEPTH) {
            throw new IllegalArgumentException("metadata key '" + key + "': arrays nested more than "
                    + GgufCursor.MAX_ARRAY_DEPTH + " deep cannot be read back");
        }
        if (array.elementType() == GgufValueType.ARRAY) {
            for (Object e : array.elements()) checkDepth(key, e, depth + 1);
        }
    }
}
