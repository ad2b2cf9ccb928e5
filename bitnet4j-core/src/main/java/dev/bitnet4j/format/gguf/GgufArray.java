package dev.bitnet4j.format.gguf;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * The value of an ARRAY metadata entry: its element type and its elements, each in the form {@link GgufValue}
 * describes for that type (a nested array's elements are GgufArrays). Unmodifiable. Numeric and bool arrays
 * read from a file keep their wire bytes rather than a boxed object per element, so a big array costs no more
 * heap than it has bytes in the file.
 */
public record GgufArray(GgufValueType elementType, List<Object> elements) {

    /** Checks every element against {@code elementType} and converts it to the canonical form. */
    public GgufArray {
        Objects.requireNonNull(elementType, "elementType");
        if (!(elements instanceof PackedValues p && p.type() == elementType)) {
            List<Object> out = new ArrayList<>(elements.size());
            for (Object e : elements) out.add(GgufValue.canonical(elementType, e));
            elements = Collections.unmodifiableList(out);
        }
    }

    /** An array of any list of elements (Integers for an integer type, say), converted as the constructor does. */
    @SuppressWarnings("unchecked")
    public static GgufArray of(GgufValueType elementType, List<?> elements) {
        return new GgufArray(elementType, (List<Object>) elements);   // only read, so any element type is safe
    }

    public int size() {
        return elements.size();
    }

    @Override
    public String toString() {
        return "ARRAY<" + elementType + ">[" + elements.size() + "]";
    }
}
