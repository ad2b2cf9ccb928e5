package dev.bitnet4j.format.gguf;

import java.util.List;
import java.util.Objects;

/**
 * A typed metadata value. The exact wire type is kept, so a file can be rewritten with the same types
 * (llama.cpp checks key types strictly). {@code value} is, by type:
 * <ul>
 *   <li>every integer type: a {@link Long} in the type's range; a UINT64 above 2^63 - 1 is held as the long with
 *       the same 64 bits (negative), as {@link Long#toUnsignedString} prints it;</li>
 *   <li>FLOAT32: a {@link Float}; FLOAT64: a {@link Double}; BOOL: a {@link Boolean}; STRING: a {@link String};</li>
 *   <li>ARRAY: a {@link GgufArray}, whose elements follow the same rules.</li>
 * </ul>
 * The constructor also accepts an Integer, Short or Byte for an integer type and any {@link Number} for a float
 * type, and converts it to that form; a value out of the type's range is an IllegalArgumentException.
 */
public record GgufValue(GgufValueType type, Object value) {

    public GgufValue {
        Objects.requireNonNull(type, "type");
        value = canonical(type, value);
    }

    public static GgufValue u8(long v) {
        return new GgufValue(GgufValueType.UINT8, v);
    }

    public static GgufValue i8(long v) {
        return new GgufValue(GgufValueType.INT8, v);
    }

    public static GgufValue u16(long v) {
        return new GgufValue(GgufValueType.UINT16, v);
    }

    public static GgufValue i16(long v) {
        return new GgufValue(GgufValueType.INT16, v);
    }

    public static GgufValue u32(long v) {
        return new GgufValue(GgufValueType.UINT32, v);
    }

    public static GgufValue i32(long v) {
        return new GgufValue(GgufValueType.INT32, v);
    }

    /** A UINT64 whose 64 bits are {@code bits} (values above 2^63 - 1 are negative longs). */
    public static GgufValue u64(long bits) {
        return new GgufValue(GgufValueType.UINT64, bits);
    }

    public static GgufValue i64(long v) {
        return new GgufValue(GgufValueType.INT64, v);
    }

    public static GgufValue f32(float v) {
        return new GgufValue(GgufValueType.FLOAT32, v);
    }

    public static GgufValue f64(double v) {
        return new GgufValue(GgufValueType.FLOAT64, v);
    }

    public static GgufValue bool(boolean v) {
        return new GgufValue(GgufValueType.BOOL, v);
    }

    public static GgufValue string(String v) {
        return new GgufValue(GgufValueType.STRING, v);
    }

    /** An array of {@code elementType}; each element as {@link GgufValue}'s value rules say (nested arrays as GgufArray). */
    public static GgufValue array(GgufValueType elementType, List<?> elements) {
        return new GgufValue(GgufValueType.ARRAY, GgufArray.of(elementType, elements));
    }

    /** {@code v} in the canonical form for {@code type}; IllegalArgumentException when it does not fit. */
    static Object canonical(GgufValueType type, Object v) {
        Objects.requireNonNull(v, () -> type + " value is null");
        if (v instanceof GgufValue g) {
            if (g.type != type) throw new IllegalArgumentException("a " + g.type + " value where " + type + " is expected");
            return g.value;
        }
        return switch (type) {
            case UINT8 -> integer(type, v, 0, 0xFF);
            case INT8 -> integer(type, v, Byte.MIN_VALUE, Byte.MAX_VALUE);
            case UINT16 -> integer(type, v, 0, 0xFFFF);
            case INT16 -> integer(type, v, Short.MIN_VALUE, Short.MAX_VALUE);
            case UINT32 -> integer(type, v, 0, 0xFFFF_FFFFL);
            case INT32 -> integer(type, v, Integer.MIN_VALUE, Integer.MAX_VALUE);
            case UINT64, INT64 -> integer(type, v, Long.MIN_VALUE, Long.MAX_VALUE);
            case FLOAT32 -> as(type, Number.class, v).floatValue();
            case FLOAT64 -> as(type, Number.class, v).doubleValue();
            case BOOL -> as(type, Boolean.class, v);
            case STRING -> as(type, String.class, v);
            case ARRAY -> as(type, GgufArray.class, v);
        };
    }

    private static Long integer(GgufValueType type, Object v, long min, long max) {
        if (!(v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte)) {
            throw new IllegalArgumentException(type + " needs an integer, got " + v.getClass().getSimpleName() + " " + v);
        }
        long x = ((Number) v).longValue();
        if (x < min || x > max) throw new IllegalArgumentException(x + " is out of range for " + type);
        return x;
    }

    private static <T> T as(GgufValueType type, Class<T> expected, Object v) {
        if (!expected.isInstance(v)) {
            throw new IllegalArgumentException(type + " needs a " + expected.getSimpleName() + ", got "
                    + v.getClass().getSimpleName() + " " + v);
        }
        return expected.cast(v);
    }

    @Override
    public String toString() {
        if (type == GgufValueType.UINT64) return type + " " + Long.toUnsignedString((Long) value);
        if (type == GgufValueType.STRING) return type + " \"" + value + "\"";
        return type + " " + value;
    }
}
