package dev.bitnet4j.format;

import dev.bitnet4j.tensor.Floats;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Where the bytes of one tensor go, little-endian, through a fixed buffer into the file of a
 * {@link SafetensorsWriter}. Each put counts against the tensor's declared size, so a caller that writes
 * more than it declared fails at once (and one that writes less fails when its tensor ends).
 * Valid only inside the {@link SafetensorsWriter#write} call that handed it out.
 */
public final class TensorSink {
    private static final ValueLayout.OfShort SHORT_LE = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final AtomicFile file;
    private final MemorySegment segment;
    private final ByteBuffer buf;
    private String tensor;
    private long left;

    TensorSink(AtomicFile file, Arena arena, int bufferBytes) {
        this.file = file;
        this.segment = arena.allocate(bufferBytes);
        this.buf = segment.asByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
    }

    public void putByte(byte b) {
        take(1);
        room(1);
        buf.put(b);
    }

    public void putShort(short s) {
        take(2);
        room(2);
        buf.putShort(s);
    }

    public void putFloat(float f) {
        take(4);
        room(4);
        buf.putFloat(f);
    }

    /** f rounded to bf16 (ties to even). */
    public void putBf16(float f) {
        putShort(Floats.floatToBf16(f));
    }

    public void put(byte[] src, int offset, int length) {
        put(MemorySegment.ofArray(src).asSlice(offset, length));
    }

    /** All bytes of {@code src}, as they are. */
    public void put(MemorySegment src) {
        long n = src.byteSize();
        take(n);
        for (long done = 0; done < n; ) {
            room(1);
            int chunk = (int) Math.min(n - done, buf.remaining());
            MemorySegment.copy(src, done, segment, buf.position(), chunk);
            buf.position(buf.position() + chunk);
            done += chunk;
        }
    }

    /** {@code length} shorts of {@code src} (for example bf16 bits), each little-endian. */
    public void putShorts(short[] src, int offset, int length) {
        take(2L * length);
        for (int done = 0; done < length; ) {
            room(2);
            int chunk = Math.min(length - done, buf.remaining() / 2);
            MemorySegment.copy(src, offset + done, segment, SHORT_LE, buf.position(), chunk);
            buf.position(buf.position() + 2 * chunk);
            done += chunk;
        }
    }

    /** Bytes the current tensor still needs. */
    public long remaining() {
        return left;
    }

    void begin(String name, long bytes) {
        tensor = name;
        left = bytes;
    }

    /** Ends the current tensor; returns how many of its declared bytes were never written. */
    long end() {
        long missing = left;
        tensor = null;
        left = 0;
        return missing;
    }

    /** Writes out what the buffer holds. */
    void flush() {
        buf.flip();
        file.writeFully(buf);
        buf.clear();
    }

    private void take(long n) {
        if (tensor == null) throw new IllegalStateException("no tensor is being written: use the sink only inside SafetensorsWriter.write");
        if (n > left) {
            throw new IllegalStateException("tensor '" + tensor + "': writing " + n + " more bytes, but only " + left
                    + " of its declared size are left");
        }
        left -= n;
    }

    private void room(int n) {
        if (buf.remaining() < n) flush();
    }
}
