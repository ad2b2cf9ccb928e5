package dev.bitnet4j.format.gguf;

import dev.bitnet4j.BitNetException;
import dev.bitnet4j.tensor.MappedFile;

import java.nio.file.Path;
import java.util.Map;

/**
 * A GGUF file (versions 2 and 3, which share one layout), memory-mapped: the metadata is parsed onto the heap,
 * the tensors are slices of the mapping, so nothing large is copied. Every count, length and offset is checked
 * while opening, so a corrupt file fails in {@link #open} with one BitNetException naming it and the problem.
 * The tensors' data stays valid until {@link #close}.
 */
public final class GgufFile implements AutoCloseable {
    private final MappedFile file;
    private final int version;
    private final int alignment;
    private final long dataOffset;
    private final GgufMetadata metadata;
    private final Map<String, GgufTensor> tensors;

    GgufFile(MappedFile file, int version, int alignment, long dataOffset, GgufMetadata metadata,
             Map<String, GgufTensor> tensors) {
        this.file = file;
        this.version = version;
        this.alignment = alignment;
        this.dataOffset = dataOffset;
        this.metadata = metadata;
        this.tensors = tensors;
    }

    public static GgufFile open(Path path) {
        MappedFile file = MappedFile.open(path);
        try {
            return GgufReader.read(file);
        } catch (RuntimeException e) {
            file.close();
            throw e;
        }
    }

    public Path path() {
        return file.path();
    }

    public int version() {
        return version;
    }

    /** general.alignment, or 32 when the file does not set it. */
    public int alignment() {
        return alignment;
    }

    /** The byte offset of the data section in the file; tensor offsets count from here. */
    public long dataOffset() {
        return dataOffset;
    }

    public GgufMetadata metadata() {
        return metadata;
    }

    /** Every tensor by name, in file order. */
    public Map<String, GgufTensor> tensors() {
        return tensors;
    }

    public GgufTensor tensor(String name) {
        GgufTensor t = tensors.get(name);
        if (t == null) throw new BitNetException(file.path() + ": no tensor named '" + name + "'");
        return t;
    }

    /** general.architecture, or "" when absent. */
    public String architecture() {
        return metadata.optString(GgufReader.ARCHITECTURE_KEY).orElse("");
    }

    @Override
    public void close() {
        file.close();
    }
}
