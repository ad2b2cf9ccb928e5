package dev.bitnet4j.format;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bitnet4j.tensor.DType;
import dev.bitnet4j.tensor.Tensor;

import java.lang.foreign.Arena;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Writes a safetensors file by streaming: every tensor is declared up front, so the header (and each
 * tensor's data_offsets, in declaration order) is known before any data; then each tensor's bytes are
 * written in that order through a {@link TensorSink}. Memory use is one fixed buffer, whatever the file size.
 * The file appears under its name only when {@link #close} finds every tensor complete (see {@link AtomicFile});
 * any failure leaves the target as it was. Use a writer from the thread that created it (its buffer is confined).
 */
public final class SafetensorsWriter implements AutoCloseable {
    /** The metadata PyTorch-made checkpoints carry (and transformers expects when it loads them). */
    public static final Map<String, String> PT_METADATA = Map.of("format", "pt");

    static final int BUFFER_BYTES = 4 << 20;

    /** One tensor to write: its name, element type and shape. */
    public record TensorSpec(String name, DType dtype, long[] shape) {
        public TensorSpec {
            shape = shape.clone();
            for (long d : shape) {
                if (d < 0) throw new IllegalArgumentException("tensor '" + name + "': negative dimension in " + Arrays.toString(shape));
            }
        }

        public long bytes() {
            return Math.multiplyExact(Tensor.numel(shape), dtype.bytes);
        }

        @Override
        public long[] shape() {
            return shape.clone();
        }
    }

    private final AtomicFile file;
    private final Arena arena;
    private final TensorSink sink;
    private final List<TensorSpec> tensors;
    private int next;
    private boolean done;   // committed or abandoned

    private SafetensorsWriter(AtomicFile file, Arena arena, List<TensorSpec> tensors) {
        this.file = file;
        this.arena = arena;
        this.tensors = tensors;
        this.sink = new TensorSink(file, arena, BUFFER_BYTES);
    }

    /**
     * Starts a file at {@code target} holding {@code tensors}, in this order, and {@code metadata} as
     * {@code __metadata__} (none when empty). Writes the header at once.
     */
    public static SafetensorsWriter create(Path target, List<TensorSpec> tensors, Map<String, String> metadata) {
        List<TensorSpec> specs = List.copyOf(tensors);
        byte[] header = header(specs, metadata);
        AtomicFile file = AtomicFile.create(target);
        Arena arena = Arena.ofConfined();
        try {
            ByteBuffer prefix = ByteBuffer.allocate(8 + header.length).order(ByteOrder.LITTLE_ENDIAN);
            prefix.putLong(header.length).put(header).flip();
            file.writeFully(prefix);
            return new SafetensorsWriter(file, arena, specs);
        } catch (RuntimeException e) {
            arena.close();
            file.close();
            throw e;
        }
    }

    /** The JSON header, padded with spaces to a multiple of 8 bytes so the data that follows is aligned. */
    static byte[] header(List<TensorSpec> tensors, Map<String, String> metadata) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        if (!metadata.isEmpty()) {
            ObjectNode meta = root.putObject("__metadata__");
            metadata.forEach(meta::put);
        }
        Set<String> names = new HashSet<>();
        long offset = 0;
        for (TensorSpec t : tensors) {
            if (t.name().isEmpty() || t.name().equals("__metadata__") || !names.add(t.name())) {
                throw new IllegalArgumentException("tensor name '" + t.name() + "' is empty, reserved or declared twice");
            }
            ObjectNode e = root.putObject(t.name());
            e.put("dtype", t.dtype().name());
            var shape = e.putArray("shape");
            for (long d : t.shape) shape.add(d);
            long end = Math.addExact(offset, t.bytes());
            e.putArray("data_offsets").add(offset).add(end);
            offset = end;
        }
        try {
            byte[] json = Json.MAPPER.writeValueAsString(root).getBytes(StandardCharsets.UTF_8);
            byte[] padded = Arrays.copyOf(json, (json.length + 7) / 8 * 8);
            Arrays.fill(padded, json.length, padded.length, (byte) ' ');
            return padded;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a safetensors header", e);
        }
    }

    /**
     * Writes tensor {@code name}, which must be the next one declared: {@code body} puts exactly its
     * declared byte count into the sink. On any failure the file is abandoned and the exception rethrown.
     *
     * @throws IllegalStateException for a tensor out of order, too few or too many bytes, or a writer
     *                               already closed or abandoned
     */
    public void write(String name, Consumer<TensorSink> body) {
        if (done) throw new IllegalStateException(file.target() + ": the writer is closed or was abandoned after a failure");
        if (next >= tensors.size() || !tensors.get(next).name().equals(name)) {
            abandon();
            throw new IllegalStateException("tensor '" + name + "' written out of order: expected "
                    + (next < tensors.size() ? "'" + tensors.get(next).name() + "'" : "no more tensors"));
        }
        TensorSpec spec = tensors.get(next);
        sink.begin(name, spec.bytes());
        try {
            body.accept(sink);
        } catch (RuntimeException | Error e) {
            sink.end();
            abandon();
            throw e;
        }
        long missing = sink.end();
        if (missing != 0) {
            abandon();
            throw new IllegalStateException("tensor '" + name + "': got " + (spec.bytes() - missing) + " of its "
                    + spec.bytes() + " declared bytes");
        }
        next++;
    }

    /**
     * Completes the file (syncs it and renames it over the target) when every declared tensor was written;
     * otherwise abandons it. Does nothing more after a failed write (that failure was already thrown).
     *
     * @throws IllegalStateException when tensors are missing and no earlier failure explains why
     */
    @Override
    public void close() {
        if (done) return;
        if (next < tensors.size()) {
            abandon();
            throw new IllegalStateException(file.target() + ": closed after " + next + " of " + tensors.size()
                    + " tensors; nothing was written");
        }
        try {
            sink.flush();
            file.commit();
        } finally {
            abandon();  // after a commit this only frees the buffer
        }
    }

    /** Deletes the temporary file (unless committed) and frees the buffer. */
    private void abandon() {
        if (done) return;
        done = true;
        file.close();
        arena.close();
    }
}
