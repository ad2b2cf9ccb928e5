package dev.bitnet4j.format.gguf;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.AbstractList;
import java.util.RandomAccess;

/**
 * An unmodifiable list of fixed-size values (numbers or bools) kept as their little-endian wire bytes and boxed
 * only when read, so a 128k-entry token-type array costs its 512 KB rather than a boxed Long per entry.
 * Also the one decoder of a fixed-size value, for the file reader as well.
 */
final class PackedValues extends AbstractList<Object> implements RandomAccess {
    static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfDouble F64 = ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final GgufValueType type;
    private final MemorySegment bytes;
    private final int size;

    /** {@code wire} holds {@code wire.length / type.minWireBytes} values of {@code type}, a fixed-size type. */
    PackedValues(GgufValueType type, byte[] wire) {
        if (!type.isFixedSize()) throw new IllegalArgumentException(type + " has no fixed size");
        this.type = type;
        this.bytes = MemorySegment.ofArray(wire);
        this.size = wire.length / type.minWireBytes;
    }

    GgufValueType type() {
        return type;
    }

    @Override
    public Object get(int index) {
        if (index < 0 || index >= size) throw new IndexOutOfBoundsException(index + " of " + size);
        return decode(type, bytes, (long) index * type.minWireBytes);
    }

    @Override
    public int size() {
        return size;
    }

    /**
     * The canonical value (see {@link GgufValue}) of fixed-size {@code type} at {@code offset} of {@code seg}. A
     * BOOL is true for any non-zero byte, as in ggml.
     */
    static Object decode(GgufValueType type, MemorySegment seg, long offset) {
        return switch (type) {
            case UINT8 -> (long) (seg.get(ValueLayout.JAVA_BYTE, offset) & 0xFF);
            case INT8 -> (long) seg.get(ValueLayout.JAVA_BYTE, offset);
            case UINT16 -> (long) (seg.get(U16, offset) & 0xFFFF);
            case INT16 -> (long) seg.get(U16, offset);
            case UINT32 -> seg.get(U32, offset) & 0xFFFF_FFFFL;
            case INT32 -> (long) seg.get(U32, offset);
            case UINT64, INT64 -> seg.get(U64, offset);
            case FLOAT32 -> seg.get(F32, offset);
            case FLOAT64 -> seg.get(F64, offset);
            case BOOL -> seg.get(ValueLayout.JAVA_BYTE, offset) != 0;
            case STRING, ARRAY -> throw new IllegalArgumentException(type + " has no fixed size");
        };
    }
}
