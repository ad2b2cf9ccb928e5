package dev.bitnet4j.format.gguf;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** GGUF's little-endian encoding of header values (everything before the tensor data), into a growing byte array. */
final class GgufOutput {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    int size() {
        return out.size();
    }

    byte[] toByteArray() {
        return out.toByteArray();
    }

    GgufOutput raw(byte[] bytes) {
        out.writeBytes(bytes);
        return this;
    }

    GgufOutput u8(long v) {
        out.write((int) v);
        return this;
    }

    GgufOutput u16(long v) {
        return u8(v).u8(v >>> 8);
    }

    GgufOutput u32(long v) {
        return u16(v).u16(v >>> 16);
    }

    GgufOutput u64(long v) {
        return u32(v).u32(v >>> 32);
    }

    /** A u64 byte length and the UTF-8 bytes; a string that is not valid Unicode (a lone surrogate) is refused. */
    GgufOutput string(String s) {
        try {
            ByteBuffer utf8 = StandardCharsets.UTF_8.newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .encode(CharBuffer.wrap(s));
            u64(utf8.remaining());
            out.write(utf8.array(), utf8.arrayOffset() + utf8.position(), utf8.remaining());
            return this;
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("string '" + s + "' is not valid Unicode (a lone surrogate?)", e);
        }
    }

    /** The value alone, without its type id (the caller writes that where the format wants it). */
    GgufOutput value(GgufValueType type, Object v) {
        return switch (type) {
            case UINT8, INT8, BOOL -> u8(type == GgufValueType.BOOL ? ((Boolean) v ? 1 : 0) : (Long) v);
            case UINT16, INT16 -> u16((Long) v);
            case UINT32, INT32 -> u32((Long) v);
            case UINT64, INT64 -> u64((Long) v);
            case FLOAT32 -> u32(Float.floatToRawIntBits((Float) v));
            case FLOAT64 -> u64(Double.doubleToRawLongBits((Double) v));
            case STRING -> string((String) v);
            case ARRAY -> {
                GgufArray a = (GgufArray) v;
                u32(a.elementType().id).u64(a.size());
                for (Object e : a.elements()) value(a.elementType(), e);
                yield this;
            }
        };
    }

    /** Zero bytes up to the next multiple of {@code alignment}. */
    GgufOutput pad(int alignment) {
        while (out.size() % alignment != 0) out.write(0);
        return this;
    }
}
