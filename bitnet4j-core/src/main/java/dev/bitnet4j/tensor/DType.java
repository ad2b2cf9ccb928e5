package dev.bitnet4j.tensor;

import java.util.Optional;

/** Element types of tensors in the files we read, with their safetensors names and sizes in bytes. */
public enum DType {
    BOOL(1), U8(1), I8(1), F8_E4M3(1), F8_E5M2(1),
    I16(2), U16(2), F16(2), BF16(2),
    I32(4), U32(4), F32(4),
    I64(8), U64(8), F64(8);

    public final int bytes;

    DType(int bytes) {
        this.bytes = bytes;
    }

    /** The type for a safetensors dtype string such as "BF16", or empty when we do not know it. */
    public static Optional<DType> fromSafetensors(String name) {
        for (DType t : values()) {
            if (t.name().equals(name)) return Optional.of(t);
        }
        return Optional.empty();
    }

    public boolean isFloat() {
        return this == F16 || this == BF16 || this == F32 || this == F64;
    }
}
