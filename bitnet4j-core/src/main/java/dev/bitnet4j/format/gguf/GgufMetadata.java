package dev.bitnet4j.format.gguf;

import dev.bitnet4j.BitNetException;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The metadata of a GGUF file, in file order, with typed getters. A getter fails with a BitNetException naming
 * the file and the key when a required key is missing or any key has an unexpected type; the {@code opt} getters
 * are empty only when the key is absent.
 */
public final class GgufMetadata {
    private final String source;
    private final Map<String, GgufValue> entries;

    /** {@code source} (usually the file) is named in errors; {@code entries} is copied in its iteration order. */
    public GgufMetadata(String source, Map<String, GgufValue> entries) {
        this.source = source;
        this.entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
    }

    /** Every entry, in file order (to rewrite a file with {@code entries().forEach(writer::put)}). */
    public Map<String, GgufValue> entries() {
        return entries;
    }

    public Set<String> keys() {
        return entries.keySet();
    }

    public Optional<GgufValue> get(String key) {
        return Optional.ofNullable(entries.get(key));
    }

    public String string(String key) {
        return optString(key).orElseThrow(() -> missing(key));
    }

    public Optional<String> optString(String key) {
        return get(key).map(v -> (String) expect(key, v, GgufValueType.STRING == v.type(), "string").value());
    }

    /** A value of any integer type; a UINT64 above 2^63 - 1 is an error. */
    public long integer(String key) {
        OptionalLong v = optInteger(key);
        if (v.isEmpty()) throw missing(key);
        return v.getAsLong();
    }

    public OptionalLong optInteger(String key) {
        GgufValue v = entries.get(key);
        if (v == null) return OptionalLong.empty();
        expect(key, v, v.type().isInteger(), "an integer");
        return OptionalLong.of(signedLong(key, v.type(), (Long) v.value()));
    }

    /** A value of any numeric type, as a double. */
    public double number(String key) {
        OptionalDouble v = optNumber(key);
        if (v.isEmpty()) throw missing(key);
        return v.getAsDouble();
    }

    public OptionalDouble optNumber(String key) {
        GgufValue v = entries.get(key);
        if (v == null) return OptionalDouble.empty();
        expect(key, v, v.type().isNumeric(), "a number");
        return OptionalDouble.of(toDouble(v.type(), v.value()));
    }

    public Optional<Boolean> optBool(String key) {
        return get(key).map(v -> (Boolean) expect(key, v, v.type() == GgufValueType.BOOL, "bool").value());
    }

    /** A required array of strings. */
    public List<String> stringArray(String key) {
        GgufArray a = array(key, GgufValueType.STRING == elementType(key), "an array of strings");
        return a.elements().stream().map(String.class::cast).toList();
    }

    /** A required array of any integer type, every element within int's range. */
    public int[] intArray(String key) {
        GgufArray a = array(key, elementType(key).isInteger(), "an array of integers");
        int[] out = new int[a.size()];
        for (int i = 0; i < out.length; i++) {
            long x = signedLong(key, a.elementType(), (Long) a.elements().get(i));
            if (x != (int) x) throw error(key, "element " + i + " is " + x + ", which does not fit in an int");
            out[i] = (int) x;
        }
        return out;
    }

    /** A required array of any numeric type, each element rounded to float. */
    public float[] floatArray(String key) {
        GgufArray a = array(key, elementType(key).isNumeric(), "an array of numbers");
        float[] out = new float[a.size()];
        for (int i = 0; i < out.length; i++) out[i] = (float) toDouble(a.elementType(), a.elements().get(i));
        return out;
    }

    private GgufValueType elementType(String key) {
        GgufValue v = entries.get(key);
        return v != null && v.value() instanceof GgufArray a ? a.elementType() : GgufValueType.ARRAY;
    }

    private GgufArray array(String key, boolean elementsFit, String expected) {
        GgufValue v = entries.get(key);
        if (v == null) throw missing(key);
        return (GgufArray) expect(key, v, v.type() == GgufValueType.ARRAY && elementsFit, expected).value();
    }

    private GgufValue expect(String key, GgufValue v, boolean ok, String expected) {
        if (!ok) {
            String found = v.value() instanceof GgufArray a ? "an array of " + a.elementType() : v.type().toString();
            throw error(key, "has type " + found + ", expected " + expected);
        }
        return v;
    }

    private long signedLong(String key, GgufValueType type, long bits) {
        if (type == GgufValueType.UINT64 && bits < 0) {
            throw error(key, "holds " + Long.toUnsignedString(bits) + ", more than this reader handles (2^63 - 1)");
        }
        return bits;
    }

    private static double toDouble(GgufValueType type, Object value) {
        if (type == GgufValueType.UINT64) return Double.parseDouble(Long.toUnsignedString((Long) value));
        return ((Number) value).doubleValue();
    }

    /** The file (or other source) this metadata came from, as errors name it. */
    public String source() {
        return source;
    }

    private BitNetException missing(String key) {
        return new BitNetException(source + ": metadata key '" + key + "' is missing");
    }

    private BitNetException error(String key, String problem) {
        return new BitNetException(source + ": metadata key '" + key + "' " + problem);
    }

    @Override
    public String toString() {
        return entries.toString();
    }
}
