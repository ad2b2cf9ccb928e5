package dev.bitnet4j.format.gguf;

import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A tensor of a GGUF file: name, type, ggml dims (dims[0] = ne0, the contiguous axis), offset relative to the data
 * section, and its exact {@code type.byteSize(dims)} bytes, a slice of the mapping valid while the file is open.
 * {@code file} (null when unknown) is named by {@link #where()}.
 */
public record GgufTensor(String name, GgmlType type, long[] dims, long offset, MemorySegment data, Path file) {

    public GgufTensor {
        dims = dims.clone();
    }

    @Override
    public long[] dims() {
        return dims.clone();
    }

    public long numel() {
        return GgmlType.numel(dims);
    }

    /** "tensor 'X' in FILE", for error messages. */
    public String where() {
        return "tensor '" + name + "'" + (file == null ? "" : " in " + file);
    }

    @Override
    public String toString() {
        return name + " " + type + Arrays.toString(dims);
    }
}
