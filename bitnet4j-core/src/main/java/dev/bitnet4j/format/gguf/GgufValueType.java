package dev.bitnet4j.format.gguf;

import java.util.Optional;

/** The wire types of GGUF metadata values (spec gguf-ternary §1; ggml's {@code gguf.h}). */
public enum GgufValueType {
    UINT8(0, 1), INT8(1, 1), UINT16(2, 2), INT16(3, 2), UINT32(4, 4), INT32(5, 4), FLOAT32(6, 4), BOOL(7, 1),
    STRING(8, 8), ARRAY(9, 12), UINT64(10, 8), INT64(11, 8), FLOAT64(12, 8);

    public final int id;
    /**
     * The fewest bytes a value of this type takes in a file: its whole size for the fixed-size types, the u64
     * length for a string, the u32 element type and u64 count for an array. Bounds a declared count before
     * anything sized by it is allocated.
     */
    final int minWireBytes;

    GgufValueType(int id, int minWireBytes) {
        this.id = id;
        this.minWireBytes = minWireBytes;
    }

    public static Optional<GgufValueType> fromId(int id) {
        for (GgufValueType t : values()) {
            if (t.id == id) return Optional.of(t);
        }
        return Optional.empty();
    }

    public boolean isInteger() {
        return switch (this) {
            case UINT8, INT8, UINT16, INT16, UINT32, INT32, UINT64, INT64 -> true;
            default -> false;
        };
    }

    public boolean isNumeric() {
        return isInteger() || this == FLOAT32 || this == FLOAT64;
    }

    /** Whether the type has one size on the wire (not a string or an array). */
    boolean isFixedSize() {
        return this != STRING && this != ARRAY;
    }
}
