package dev.bitnet4j.format.gguf;

import dev.bitnet4j.BitNetException;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads GGUF's little-endian values off a mapped file front to back. Every read checks that the bytes are there,
 * and every count or length is checked against the bytes left before anything sized by it is allocated, so a
 * truncated or lying file fails with one BitNetException naming the file, the item and the offset.
 */
final class GgufCursor {
    /** Arrays of arrays nest at most this deep; real files never nest at all (llama.cpp refuses it). */
    static final int MAX_ARRAY_DEPTH = 8;
    /** Java arrays and lists hold at most about 2^31 entries. */
    private static final long MAX_ELEMENTS = Integer.MAX_VALUE - 8;

    private final Path path;
    private final MemorySegment seg;
    private long pos;

    GgufCursor(Path path, MemorySegment seg) {
        this.path = path;
        this.seg = seg;
    }

    long position() {
        return pos;
    }

    long remaining() {
        return seg.byteSize() - pos;
    }

    BitNetException error(String problem) {
        return new BitNetException(path + ": " + problem);
    }

    /** Fails unless {@code n} more bytes, for {@code what}, are in the file. */
    void need(long n, String what) {
        if (n > remaining()) {
            throw error("truncated: " + what + " needs " + n + " bytes at offset " + pos + ", but the file ("
                    + seg.byteSize() + " bytes) has only " + remaining() + " left");
        }
    }

    byte[] bytes(long n, String what) {
        need(n, what);
        if (n > MAX_ELEMENTS) throw error(what + " at offset " + pos + ": " + n + " bytes are too many for this reader");
        byte[] out = seg.asSlice(pos, n).toArray(ValueLayout.JAVA_BYTE);
        pos += n;
        return out;
    }

    int u32(String what) {
        return (int) (long) fixed(GgufValueType.UINT32, what);
    }

    long u64(String what) {
        return (long) fixed(GgufValueType.UINT64, what);
    }

    /** A value of a fixed-size type, in {@link GgufValue}'s canonical form. */
    Object fixed(GgufValueType type, String what) {
        need(type.minWireBytes, what);
        Object v = PackedValues.decode(type, seg, pos);
        pos += type.minWireBytes;
        return v;
    }

    /** A u64 byte length and that many bytes of UTF-8, decoded strictly (malformed bytes are an error). */
    String string(String what) {
        long start = pos;
        byte[] utf8 = bytes(count(1, what + " length"), what);
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(utf8)).toString();
        } catch (CharacterCodingException e) {
            throw error(what + " at offset " + start + " is not valid UTF-8");
        }
    }

    GgufValueType valueType(String what) {
        long at = pos;
        int id = u32(what + " type");
        return GgufValueType.fromId(id).orElseThrow(() -> error(what + ": unknown value type " + Integer.toUnsignedString(id)
                + " at offset " + at + " (known: 0 to 12)"));
    }

    /** A value of {@code type}; {@code depth} is how many arrays enclose it. */
    Object value(GgufValueType type, String what, int depth) {
        return switch (type) {
            case STRING -> string(what);
            case ARRAY -> array(what, depth);
            default -> fixed(type, what);
        };
    }

    private GgufArray array(String what, int depth) {
        if (depth >= MAX_ARRAY_DEPTH) throw error(what + ": arrays nested more than " + MAX_ARRAY_DEPTH + " deep");
        GgufValueType elementType = valueType(what + " element");
        int n = (int) count(elementType.minWireBytes, what + " element count");
        if (elementType.isFixedSize()) {
            return new GgufArray(elementType, new PackedValues(elementType, bytes((long) n * elementType.minWireBytes, what)));
        }
        // Grown as elements arrive rather than sized by the count: a lying count costs no more than the file holds.
        List<Object> elements = new ArrayList<>(Math.min(n, 1024));
        for (int i = 0; i < n; i++) elements.add(value(elementType, what + "[" + i + "]", depth + 1));
        return new GgufArray(elementType, elements);
    }

    /**
     * Reads a u64 count of items that take at least {@code minBytes} each, and fails unless that many can fit in
     * the rest of the file and in a Java array.
     */
    long count(int minBytes, String what) {
        long at = pos;
        long count = u64(what);
        if (Long.compareUnsigned(count, remaining() / minBytes) > 0) {
            throw error(what + " " + Long.toUnsignedString(count) + " at offset " + at + " is larger than the rest of the file ("
                    + remaining() + " bytes) could hold");
        }
        if (count > MAX_ELEMENTS) throw error(what + " " + count + " at offset " + at + " is too large for this reader");
        return count;
    }
}
