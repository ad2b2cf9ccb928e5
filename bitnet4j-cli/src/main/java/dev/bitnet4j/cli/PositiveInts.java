package dev.bitnet4j.cli;

import picocli.CommandLine;

import java.util.Arrays;

/**
 * Comma-separated positive whole numbers such as "128,512" (bench's -p, -n, -t); a record so picocli
 * sees one value, not a list. The converters refuse zero, negatives and non-numbers with the option's
 * own wording, so a typo fails before anything is loaded.
 */
record PositiveInts(int[] values) {

    @Override
    public String toString() {
        return String.join(",", Arrays.stream(values).mapToObj(Integer::toString).toList());
    }

    static PositiveInts parse(String value, int max, String what) {
        String s = value.strip();
        if (s.isEmpty()) throw new CommandLine.TypeConversionException("no " + what + " given; expected e.g. 1,2");
        String[] parts = s.split("\\s*,\\s*", -1);
        int[] v = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                v[i] = Integer.parseInt(parts[i]);
            } catch (NumberFormatException e) {
                throw new CommandLine.TypeConversionException("'" + parts[i] + "' is not a whole number; expected "
                        + what + " such as 1,2");
            }
            if (v[i] <= 0) throw new CommandLine.TypeConversionException(what + " must be positive, found " + v[i]);
            if (v[i] > max) throw new CommandLine.TypeConversionException(what + " must be at most " + max + ", found " + v[i]);
        }
        return new PositiveInts(v);
    }

    /** Token counts (-p, -n): bounded here only by int; the model's context is checked once it is loaded. */
    static final class Counts implements CommandLine.ITypeConverter<PositiveInts> {
        @Override
        public PositiveInts convert(String value) {
            return parse(value, Integer.MAX_VALUE, "token counts");
        }
    }

    /** Thread counts (-t): at most {@link #MAX_THREADS}. */
    static final class Threads implements CommandLine.ITypeConverter<PositiveInts> {
        static final int MAX_THREADS = 256;

        @Override
        public PositiveInts convert(String value) {
            return parse(value, MAX_THREADS, "thread counts");
        }
    }
}
