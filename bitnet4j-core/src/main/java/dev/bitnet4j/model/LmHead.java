package dev.bitnet4j.model;

import dev.bitnet4j.BitNetException;

import java.util.Locale;

/** How the lm_head is computed: exactly from the bf16 weights (default), or from an int8 copy made on load. */
public enum LmHead {
    BF16, Q8;

    public static LmHead parse(String s) {
        return switch (s.strip().toLowerCase(Locale.ROOT)) {
            case "bf16" -> BF16;
            case "q8" -> Q8;
            default -> throw new BitNetException("--lm-head must be bf16 or q8, found '" + s + "'");
        };
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
