package dev.bitnet4j.format;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bitnet4j.format.SafetensorsWriter.TensorSpec;
import dev.bitnet4j.tensor.DType;
import dev.bitnet4j.tensor.Floats;
import dev.bitnet4j.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

class SafetensorsWriterTest {
    @TempDir
    Path dir;

    private static final List<TensorSpec> SMALL = List.of(
            new TensorSpec("w", DType.BF16, new long[]{2, 3}),
            new TensorSpec("packed", DType.U8, new long[]{5}),
            new TensorSpec("empty", DType.F32, new long[]{0, 4}),
            new TensorSpec("s", DType.F32, new long[]{1}));

    private static void writeSmall(SafetensorsWriter w) {
        w.write("w", sink -> {
            for (int i = 0; i < 6; i++) sink.putBf16(i - 2.5f);
        });
        w.write("packed", sink -> sink.put(new byte[]{9, 1, 2, 3, 4, 5, 9}, 1, 5));
        w.write("empty", sink -> { });
        w.write("s", sink -> sink.putFloat(0.125f));
    }

    @Test
    void writtenFileParsesBackWithExactBytesOffsetsAndShapes() throws IOException {
        Path file = dir.resolve("model.safetensors");
        try (SafetensorsWriter w = SafetensorsWriter.create(file, SMALL, SafetensorsWriter.PT_METADATA)) {
            writeSmall(w);
        }
        byte[] bytes = Files.readAllBytes(file);
        long headerLen = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, headerLen % 8, "header padded to a multiple of 8");
        assertEquals(8 + headerLen + 12 + 5 + 0 + 4, bytes.length);
        JsonNode header = Json.parse(Arrays.copyOfRange(bytes, 8, 8 + (int) headerLen), "header");
        assertEquals("[0,12]", header.get("w").get("data_offsets").toString());
        assertEquals("[12,17]", header.get("packed").get("data_offsets").toString());
        assertEquals("[17,17]", header.get("empty").get("data_offsets").toString());
        assertEquals("[17,21]", header.get("s").get("data_offsets").toString());

        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            assertEquals(Map.of("format", "pt"), f.metadata());
            assertEquals(List.of("w", "packed", "empty", "s"), List.copyOf(f.tensors().keySet()));
            Tensor w = f.tensors().get("w");
            assertEquals(DType.BF16, w.dtype());
            assertArrayEquals(new long[]{2, 3}, w.shape());
            for (int i = 0; i < 6; i++) assertEquals(i - 2.5f, w.getFloat(i));
            assertArrayEquals(new byte[]{1, 2, 3, 4, 5}, f.tensors().get("packed").data().toArray(ValueLayout.JAVA_BYTE));
            assertArrayEquals(new long[]{0, 4}, f.tensors().get("empty").shape());
            assertEquals(0.125f, f.tensors().get("s").getFloat(0));
        }
        assertEquals(List.of(file), listing(), "no temporary file left behind");
    }

    @Test
    void noMetadataWhenNoneIsGiven() {
        Path file = dir.resolve("a.safetensors");
        try (SafetensorsWriter w = SafetensorsWriter.create(file, SMALL, Map.of())) {
            writeSmall(w);
        }
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            assertTrue(f.metadata().isEmpty());
            assertEquals(4, f.tensors().size());
        }
    }

    @Test
    void bulkWritesLargerThanTheBufferStayExact() {
        int n = SafetensorsWriter.BUFFER_BYTES + 12345;   // odd sizes, so chunks straddle buffer flushes
        byte[] bytes = new byte[n];
        short[] shorts = new short[n / 2 + 3];
        for (int i = 0; i < n; i++) bytes[i] = (byte) (i * 31 + 7);
        for (int i = 0; i < shorts.length; i++) shorts[i] = (short) (i * 2654435761L);
        Path file = dir.resolve("big.safetensors");
        List<TensorSpec> specs = List.of(new TensorSpec("one", DType.U8, new long[]{1}),
                new TensorSpec("bytes", DType.U8, new long[]{n}),
                new TensorSpec("shorts", DType.BF16, new long[]{shorts.length}));
        try (SafetensorsWriter w = SafetensorsWriter.create(file, specs, Map.of())) {
            w.write("one", sink -> sink.putByte((byte) 42));
            w.write("bytes", sink -> {
                sink.put(bytes, 0, 1000);
                sink.put(bytes, 1000, n - 1000);
            });
            w.write("shorts", sink -> sink.putShorts(shorts, 0, shorts.length));
        }
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            assertEquals(42, f.tensors().get("one").data().get(ValueLayout.JAVA_BYTE, 0));
            assertArrayEquals(bytes, f.tensors().get("bytes").data().toArray(ValueLayout.JAVA_BYTE));
            Tensor s = f.tensors().get("shorts");
            for (int i = 0; i < shorts.length; i++) assertEquals(Floats.bf16ToFloat(shorts[i]), s.getFloat(i), "element " + i);
        }
    }

    @Test
    void tooFewBytesFailAndLeaveNoFile() {
        Path file = dir.resolve("model.safetensors");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> {
            try (SafetensorsWriter w = SafetensorsWriter.create(file, SMALL, Map.of())) {
                w.write("w", sink -> sink.putBf16(1f));
            }
        });
        assertTrue(e.getMessage().contains("'w': got 2 of its 12 declared bytes"), e.getMessage());
        assertEquals(List.of(), listing());
    }

    @Test
    void tooManyBytesFailAndLeaveNoFile() {
        Path file = dir.resolve("model.safetensors");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> {
            try (SafetensorsWriter w = SafetensorsWriter.create(file, SMALL, Map.of())) {
                w.write("w", sink -> sink.put(new byte[13], 0, 13));
            }
        });
        assertTrue(e.getMessage().contains("'w'"), e.getMessage());
        assertEquals(List.of(), listing());
    }

    @Test
    void missingTensorsFailOnCloseAndLeaveNoFile() {
        Path file = dir.resolve("model.safetensors");
        SafetensorsWriter w = SafetensorsWriter.create(file, SMALL, Map.of());
        w.write("w", sink -> sink.put(new byte[12], 0, 12));
        IllegalStateException e = assertThrows(IllegalStateException.class, w::close);
        assertTrue(e.getMessage().contains("closed after 1 of 4 tensors"), e.getMessage());
        assertEquals(List.of(), listing());
    }

    @Test
    void outOfOrderWriteFails() {
        Path file = dir.resolve("model.safetensors");
        try (SafetensorsWriter w = SafetensorsWriter.create(file, SMALL, Map.of())) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> w.write("s", sink -> sink.putFloat(1)));
            assertTrue(e.getMessage().contains("expected 'w'"), e.getMessage());
            assertThrows(IllegalStateException.class, () -> w.write("w", sink -> { }), "abandoned writer refuses more");
        }
        assertEquals(List.of(), listing());
    }

    @Test
    void failureInsideTheBodyPropagatesAndKeepsTheOldFile() throws IOException {
        Path file = dir.resolve("model.safetensors");
        Files.writeString(file, "old content");
        RuntimeException boom = new RuntimeException("boom");
        RuntimeException e = assertThrows(RuntimeException.class, () -> {
            try (SafetensorsWriter w = SafetensorsWriter.create(file, SMALL, Map.of())) {
                w.write("w", sink -> {
                    sink.putBf16(1f);
                    throw boom;
                });
            }
        });
        assertSame(boom, e);
        assertEquals("old content", Files.readString(file));
        assertEquals(List.of(file), listing());
    }

    @Test
    void replacesAnExistingFileOnSuccess() throws IOException {
        Path file = dir.resolve("model.safetensors");
        Files.writeString(file, "old content");
        try (SafetensorsWriter w = SafetensorsWriter.create(file, SMALL, Map.of())) {
            writeSmall(w);
        }
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            assertEquals(4, f.tensors().size());
        }
    }

    @Test
    void sinkIsUnusableOutsideItsWrite() {
        Path file = dir.resolve("model.safetensors");
        TensorSink[] kept = new TensorSink[1];
        try (SafetensorsWriter w = SafetensorsWriter.create(file, SMALL, Map.of())) {
            w.write("w", sink -> {
                kept[0] = sink;
                sink.put(new byte[12], 0, 12);
            });
            assertThrows(IllegalStateException.class, () -> kept[0].putByte((byte) 1));
            w.write("packed", sink -> sink.put(new byte[5], 0, 5));
            w.write("empty", sink -> { });
            w.write("s", sink -> sink.putFloat(1));
        }
    }

    @Test
    void badDeclarationsAreRejected() {
        Path file = dir.resolve("x.safetensors");
        List<TensorSpec> dup = List.of(new TensorSpec("a", DType.U8, new long[]{1}), new TensorSpec("a", DType.U8, new long[]{1}));
        assertThrows(IllegalArgumentException.class, () -> SafetensorsWriter.create(file, dup, Map.of()));
        assertThrows(IllegalArgumentException.class, () -> SafetensorsWriter.create(file,
                List.of(new TensorSpec("__metadata__", DType.U8, new long[]{1})), Map.of()));
        assertThrows(IllegalArgumentException.class, () -> new TensorSpec("neg", DType.U8, new long[]{-1}));
        assertFalse(Files.exists(file));
    }

    private List<Path> listing() {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        } catch (IOException e) {
            throw new RuntimeException(e);
        }
    }
}
