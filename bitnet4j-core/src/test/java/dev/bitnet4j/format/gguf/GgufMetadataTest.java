package dev.bitnet4j.format.gguf;

import dev.bitnet4j.BitNetException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

import static dev.bitnet4j.format.gguf.GgufValueType.*;
import static org.junit.jupiter.api.Assertions.*;

/** The typed getters of {@link GgufMetadata}: conversions, and one clear error per missing key or wrong type. */
class GgufMetadataTest {
    static final GgufMetadata META = new GgufMetadata("m.gguf", entries());

    private static Map<String, GgufValue> entries() {
        Map<String, GgufValue> m = new LinkedHashMap<>();
        m.put("name", GgufValue.string("mini"));
        m.put("u32", GgufValue.u32(4096));
        m.put("i8", GgufValue.i8(-3));
        m.put("u64 max", GgufValue.u64(-1));
        m.put("eps", GgufValue.f32(1e-5f));
        m.put("flag", GgufValue.bool(true));
        m.put("tokens", GgufValue.array(STRING, List.of("<s>", "a")));
        m.put("types", GgufValue.array(UINT8, List.of(1, 255)));
        m.put("big", GgufValue.array(UINT32, List.of(0xFFFF_FFFFL)));
        m.put("scores", GgufValue.array(FLOAT32, List.of(-1.5f, 2f)));
        m.put("doubles", GgufValue.array(FLOAT64, List.of(0.1)));
        return m;
    }

    @Test
    void gettersConvertWhatFits() {
        assertEquals(List.of("name", "u32", "i8", "u64 max", "eps", "flag", "tokens", "types", "big", "scores", "doubles"),
                List.copyOf(META.keys()));
        assertEquals("mini", META.string("name"));
        assertEquals(Optional.empty(), META.optString("absent"));
        assertEquals(4096, META.integer("u32"));
        assertEquals(OptionalLong.of(-3), META.optInteger("i8"));
        assertEquals(OptionalLong.empty(), META.optInteger("absent"));
        assertEquals(1e-5f, (float) META.number("eps"));
        assertEquals(4096.0, META.number("u32"));
        assertEquals(18446744073709551615.0, META.number("u64 max"));
        assertEquals(OptionalDouble.empty(), META.optNumber("absent"));
        assertEquals(Optional.of(true), META.optBool("flag"));
        assertEquals(List.of("<s>", "a"), META.stringArray("tokens"));
        assertArrayEquals(new int[]{1, 255}, META.intArray("types"));
        assertArrayEquals(new float[]{-1.5f, 2f}, META.floatArray("scores"));
        assertArrayEquals(new float[]{0.1f}, META.floatArray("doubles"));
        assertArrayEquals(new float[]{1f, 255f}, META.floatArray("types"));
        assertEquals(Optional.of(GgufValue.u32(4096)), META.get("u32"));
    }

    @Test
    void missingKeysAndWrongTypesFailNamingTheFileAndKey() {
        assertError(() -> META.string("absent"), "m.gguf: metadata key 'absent' is missing");
        assertError(() -> META.integer("absent"), "m.gguf: metadata key 'absent' is missing");
        assertError(() -> META.number("absent"), "m.gguf: metadata key 'absent' is missing");
        assertError(() -> META.stringArray("absent"), "m.gguf: metadata key 'absent' is missing");
        assertError(() -> META.string("u32"), "m.gguf: metadata key 'u32' has type UINT32, expected string");
        assertError(() -> META.optString("tokens"), "m.gguf: metadata key 'tokens' has type an array of STRING, expected string");
        assertError(() -> META.integer("eps"), "m.gguf: metadata key 'eps' has type FLOAT32, expected an integer");
        assertError(() -> META.number("name"), "m.gguf: metadata key 'name' has type STRING, expected a number");
        assertError(() -> META.optBool("i8"), "m.gguf: metadata key 'i8' has type INT8, expected bool");
        assertError(() -> META.stringArray("types"), "m.gguf: metadata key 'types' has type an array of UINT8, expected an array of strings");
        assertError(() -> META.stringArray("name"), "m.gguf: metadata key 'name' has type STRING, expected an array of strings");
        assertError(() -> META.intArray("scores"), "m.gguf: metadata key 'scores' has type an array of FLOAT32, expected an array of integers");
        assertError(() -> META.floatArray("tokens"), "m.gguf: metadata key 'tokens' has type an array of STRING, expected an array of numbers");
    }

    @Test
    void integersThatDoNotFitFail() {
        assertError(() -> META.integer("u64 max"),
                "m.gguf: metadata key 'u64 max' holds 18446744073709551615, more than this reader handles (2^63 - 1)");
        assertError(() -> META.intArray("big"), "m.gguf: metadata key 'big' element 0 is 4294967295, which does not fit in an int");
    }

    private static void assertError(Executable call, String message) {
        assertEquals(message, assertThrows(BitNetException.class, call).getMessage());
    }
}
