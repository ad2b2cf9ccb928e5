package dev.bitnet4j.cli.bench;

import dev.bitnet4j.BitNetException;

import java.util.Locale;

/** How the lm_head is stored while generating, which sets the bytes it reads per token. */
public enum LmHead {
    /** The checkpoint's float head as stored (bf16 in the official checkpoints): vocab × hidden × 2 bytes. */
    BF16,
    /** int8 rows with one float32 scale per row: vocab × hidden + 4 × vocab bytes. */
    Q8;

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
