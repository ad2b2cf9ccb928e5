package dev.bitnet4j.format.gguf;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Assembles GGUF bytes by hand, field by field, including deliberately broken ones. Independent of
 * {@link GgufWriter}, so a test can also check the writer's exact output against it.
 */
final class RawGguf {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    /** Magic, version, tensor count and metadata count. */
    static RawGguf header(long version, long tensorCount, long kvCount) {
        return new RawGguf().raw("GGUF".getBytes(StandardCharsets.US_ASCII)).u32(version).u64(tensorCount).u64(kvCount);
    }

    RawGguf raw(byte... bytes) {
        out.writeBytes(bytes);
        return this;
    }

    RawGguf u8(long v) {
        out.write((int) v);
        return this;
    }

    RawGguf u32(long v) {
        for (int i = 0; i < 4; i++) u8(v >>> (8 * i));
        return this;
    }

    RawGguf u64(long v) {
        for (int i = 0; i < 8; i++) u8(v >>> (8 * i));
        return this;
    }

    /** u64 length and UTF-8 bytes. */
    RawGguf string(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return u64(b.length).raw(b);
    }

    RawGguf kvString(String key, String value) {
        return string(key).u32(GgufValueType.STRING.id).string(value);
    }

    RawGguf kvU32(String key, long value) {
        return string(key).u32(GgufValueType.UINT32.id).u32(value);
    }

    /** A tensor info: name, n_dims, dims, type id, offset. */
    RawGguf tensor(String name, int typeId, long offset, long... dims) {
        string(name).u32(dims.length);
        for (long d : dims) u64(d);
        return u32(typeId).u64(offset);
    }

    /** Zero bytes up to the next multiple of {@code alignment}. */
    RawGguf pad(int alignment) {
        while (out.size() % alignment != 0) out.write(0);
        return this;
    }

    RawGguf zeros(int n) {
        return raw(new byte[n]);
    }

    int size() {
        return out.size();
    }

    byte[] bytes() {
        return out.toByteArray();
    }

    Path write(Path file) throws IOException {
        Files.write(file, bytes());
        return file;
    }
}
