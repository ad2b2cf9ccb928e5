package dev.bitnet4j.format.gguf;

import dev.bitnet4j.BitNetException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static dev.bitnet4j.format.gguf.GgufValueType.*;
import static org.junit.jupiter.api.Assertions.*;

/** {@link GgufWriter} then {@link GgufFile}: every value type and tensor type comes back exactly. */
class GgufRoundTripTest {
    /** One entry of every value type, arrays of most, an empty array and an array of arrays. */
    static final Map<String, GgufValue> EVERY_VALUE = everyValue();

    /** name, type, dims: every tensor type; the last one's 864 bytes are a multiple of 32, so it ends the file. */
    record Spec(String name, GgmlType type, long... dims) {}

    static final List<Spec> EVERY_TENSOR = List.of(
            new Spec("f32", GgmlType.F32, 5), new Spec("f16", GgmlType.F16, 4, 2), new Spec("bf16", GgmlType.BF16, 3),
            new Spec("q8_0", GgmlType.Q8_0, 32, 2), new Spec("i2_s", GgmlType.I2_S, 128, 2),
            new Spec("tq2_0", GgmlType.TQ2_0, 256), new Spec("tq1_0", GgmlType.TQ1_0, 256, 16));

    @TempDir
    Path dir;

    private static Map<String, GgufValue> everyValue() {
        Map<String, GgufValue> m = new LinkedHashMap<>();
        m.put("general.architecture", GgufValue.string("bitnet-b1.58"));   // so that id 36 reads back as I2_S
        m.put("u8", GgufValue.u8(255));
        m.put("i8", GgufValue.i8(-128));
        m.put("u16", GgufValue.u16(65535));
        m.put("i16", GgufValue.i16(-32768));
        m.put("u32", GgufValue.u32(0xFFFF_FFFFL));
        m.put("i32", GgufValue.i32(Integer.MIN_VALUE));
        m.put("u64", GgufValue.u64(-1));
        m.put("i64", GgufValue.i64(Long.MIN_VALUE));
        m.put("f32", GgufValue.f32(1e-5f));
        m.put("f64", GgufValue.f64(-2.25e300));
        m.put("yes", GgufValue.bool(true));
        m.put("no", GgufValue.bool(false));
        m.put("string", GgufValue.string("héllo ✓ \uD83D\uDE42"));
        m.put("empty string", GgufValue.string(""));
        m.put("a.u8", GgufValue.array(UINT8, List.of(0, 1, 255)));
        m.put("a.i8", GgufValue.array(INT8, List.of(-1, 127)));
        m.put("a.u16", GgufValue.array(UINT16, List.of(65535)));
        m.put("a.i16", GgufValue.array(INT16, List.of(-2, 3)));
        m.put("a.u32", GgufValue.array(UINT32, List.of(7L, 0xFFFF_FFFFL)));
        m.put("a.i32", GgufValue.array(INT32, List.of(-1, 2, 3)));
        m.put("a.u64", GgufValue.array(UINT64, List.of(-1L, 5L)));
        m.put("a.i64", GgufValue.array(INT64, List.of(Long.MAX_VALUE)));
        m.put("a.f32", GgufValue.array(FLOAT32, List.of(0.5f, -1f, Float.NaN)));
        m.put("a.f64", GgufValue.array(FLOAT64, List.of(Math.PI)));
        m.put("a.bool", GgufValue.array(BOOL, List.of(true, false)));
        m.put("a.string", GgufValue.array(STRING, List.of("a", "", "ü")));
        m.put("a.empty", GgufValue.array(UINT32, List.of()));
        m.put("a.nested", GgufValue.array(ARRAY, List.of(
                GgufArray.of(UINT16, List.of(1, 2)), GgufArray.of(STRING, List.of("x")), GgufArray.of(INT8, List.of()))));
        return m;
    }

    /** Deterministic bytes for tensor {@code name}. */
    static byte[] content(String name, long bytes) {
        byte[] b = new byte[(int) bytes];
        new SplittableRandom(name.hashCode()).nextBytes(b);
        return b;
    }

    /** Writes EVERY_VALUE and EVERY_TENSOR to {@code out}. */
    static Path writeEveryType(Path out) {
        GgufWriter w = new GgufWriter();
        EVERY_VALUE.forEach(w::put);
        for (Spec s : EVERY_TENSOR) {
            byte[] b = content(s.name, s.type.byteSize(s.dims));
            w.addTensor(s.name, s.type, s.dims, dst -> dst.copyFrom(MemorySegment.ofArray(b)));
        }
        w.write(out);
        return out;
    }

    @Test
    void everyValueTypeAndTensorTypeComesBackExactly() throws IOException {
        Path path = writeEveryType(dir.resolve("every.gguf"));
        byte[] file = Files.readAllBytes(path);
        try (GgufFile f = GgufFile.open(path)) {
            assertEquals(3, f.version());
            assertEquals(32, f.alignment());
            assertEquals("bitnet-b1.58", f.architecture());
            assertEquals(List.copyOf(EVERY_VALUE.keySet()), List.copyOf(f.metadata().keys()));
            assertEquals(EVERY_VALUE, f.metadata().entries());
            assertEquals(EVERY_TENSOR.stream().map(Spec::name).toList(), List.copyOf(f.tensors().keySet()));
            long offset = 0;
            for (Spec s : EVERY_TENSOR) {
                GgufTensor t = f.tensor(s.name);
                assertEquals(s.type, t.type());
                assertArrayEquals(s.dims, t.dims());
                assertEquals(offset, t.offset(), s.name);
                byte[] expected = content(s.name, s.type.byteSize(s.dims));
                assertArrayEquals(expected, t.data().toArray(ValueLayout.JAVA_BYTE), s.name);
                long end = f.dataOffset() + offset + expected.length;
                offset = GgufReader.alignUp(offset + expected.length, 32);
                for (long p = end; p < f.dataOffset() + offset; p++) assertEquals(0, file[(int) p], "padding after " + s.name);
            }
            assertEquals(file.length, f.dataOffset() + offset);
            assertEquals(0, f.dataOffset() % 32);
        }
    }

    @Test
    void theWriterWritesExactlyTheFormatsBytes() throws IOException {
        Path path = dir.resolve("small.gguf");
        new GgufWriter()
                .put("general.architecture", GgufValue.string("bitnet"))
                .put("n", GgufValue.array(INT16, List.of(-2)))
                .addTensor("w", GgmlType.F32, new long[]{2}, dst -> dst.set(ValueLayout.JAVA_FLOAT_UNALIGNED, 4, 1.0f))
                .write(path);
        RawGguf expected = RawGguf.header(3, 1, 2)
                .kvString("general.architecture", "bitnet")
                .string("n").u32(ARRAY.id).u32(INT16.id).u64(1).u8(0xFE).u8(0xFF)
                .tensor("w", 0, 0, 2).pad(32)
                .zeros(4).raw((byte) 0, (byte) 0, (byte) 0x80, (byte) 0x3F).pad(32);
        assertArrayEquals(expected.bytes(), Files.readAllBytes(path));
    }

    @Test
    void generalAlignmentSetsThePadding() throws IOException {
        Path path = dir.resolve("a64.gguf");
        new GgufWriter().put("general.alignment", GgufValue.u32(64))
                .addTensor("a", GgmlType.F32, new long[]{3}, dst -> {})
                .addTensor("b", GgmlType.F16, new long[]{40}, dst -> dst.fill((byte) 7))
                .write(path);
        try (GgufFile f = GgufFile.open(path)) {
            assertEquals(64, f.alignment());
            assertEquals(0, f.dataOffset() % 64);
            assertEquals(64, f.tensor("b").offset());
            assertEquals(f.dataOffset() + 64 + 128, Files.size(path), "b's 80 bytes padded to 128");
            assertArrayEquals(new byte[12], f.tensor("a").data().toArray(ValueLayout.JAVA_BYTE), "zero-filled");
        }
    }

    @Test
    void theWriterRefusesWhatCouldNotBeReadBack() {
        GgufWriter w = new GgufWriter().put("k", GgufValue.u8(1)).addTensor("t", GgmlType.F32, new long[]{1}, dst -> {});
        assertThrows(IllegalArgumentException.class, () -> w.put("k", GgufValue.u8(2)));
        assertThrows(IllegalArgumentException.class, () -> w.addTensor("t", GgmlType.F16, new long[]{2}, dst -> {}));
        assertThrows(IllegalArgumentException.class, () -> w.put("general.alignment", GgufValue.u32(24)));
        assertThrows(IllegalArgumentException.class, () -> w.put("general.alignment", GgufValue.u64(32)));
        assertThrows(IllegalArgumentException.class, () -> w.addTensor("x".repeat(64), GgmlType.F32, new long[]{1}, dst -> {}));
        BitNetException misfit = assertThrows(BitNetException.class, () -> w.addTensor("q", GgmlType.TQ2_0, new long[]{128}, dst -> {}));
        assertEquals("TQ2_0 needs ne0 (dims[0]) to be a multiple of 256, but dims are [128]", misfit.getMessage());
        GgufArray deep = GgufArray.of(UINT8, List.of());
        for (int i = 0; i < GgufCursor.MAX_ARRAY_DEPTH; i++) deep = GgufArray.of(ARRAY, List.of(deep));
        GgufValue tooDeep = new GgufValue(ARRAY, deep);
        assertThrows(IllegalArgumentException.class, () -> w.put("deep", tooDeep));
        w.put("deep enough", new GgufValue(ARRAY, deep.elements().getFirst()));
        GgufWriter loneSurrogate = new GgufWriter().put("s", GgufValue.string("\uD800"));
        assertThrows(IllegalArgumentException.class, () -> loneSurrogate.write(dir.resolve("never.gguf")));
    }

    @Test
    void aFailingTensorLeavesNoFile() throws IOException {
        Path path = dir.resolve("fails.gguf");
        GgufWriter w = new GgufWriter().addTensor("t", GgmlType.F32, new long[]{1}, dst -> {
            throw new IllegalStateException("no data");
        });
        assertThrows(IllegalStateException.class, () -> w.write(path));
        try (var files = Files.list(dir)) {
            assertEquals(List.of(), files.toList(), "neither the target nor a temporary file");
        }
    }

    @Test
    void valuesAreCheckedAndKeptInOneFormPerType() {
        assertEquals(5L, new GgufValue(UINT32, 5).value());
        assertEquals(List.of(1L, 2L), GgufArray.of(INT32, List.of(1, (short) 2)).elements());
        assertEquals(2.5f, new GgufValue(FLOAT32, 2.5).value());
        assertThrows(IllegalArgumentException.class, () -> GgufValue.u8(256));
        assertThrows(IllegalArgumentException.class, () -> GgufValue.i8(-129));
        assertThrows(IllegalArgumentException.class, () -> GgufValue.u32(-1));
        assertThrows(IllegalArgumentException.class, () -> GgufValue.i32(1L << 31));
        assertThrows(IllegalArgumentException.class, () -> new GgufValue(STRING, 5));
        assertThrows(IllegalArgumentException.class, () -> new GgufValue(INT64, 1.0));
        assertThrows(IllegalArgumentException.class, () -> GgufValue.array(STRING, List.of("a", 1)));
        assertThrows(IllegalArgumentException.class, () -> GgufValue.array(ARRAY, List.of(List.of(1))));
        assertEquals("UINT64 18446744073709551615", GgufValue.u64(-1).toString());
    }
}
