package dev.bitnet4j.format;

import dev.bitnet4j.BitNetException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A file written under a hidden temporary name and renamed over its target only once it is complete and
 * synced to disk, so a crash or an error never leaves a half-written file under the real name, and a
 * reader that has the old file open (or mapped) keeps seeing it whole. The temporary file lives in the
 * target's folder because a rename is atomic only within one file system.
 */
public final class AtomicFile implements AutoCloseable {
    private final Path target;
    private final Path temp;
    private final FileChannel channel;
    private boolean finished;

    private AtomicFile(Path target, Path temp, FileChannel channel) {
        this.target = target;
        this.temp = temp;
        this.channel = channel;
    }

    /** Opens a new temporary file beside {@code target}; the target itself is untouched until {@link #commit}. */
    public static AtomicFile create(Path target) {
        Path dir = target.toAbsolutePath().getParent();
        // A random suffix, so a file left by a crashed run (or a concurrent one) is never reused or clobbered.
        String name = "." + target.getFileName() + "." + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp";
        Path temp = dir.resolve(name);
        try {
            return new AtomicFile(target, temp, FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE));
        } catch (IOException e) {
            throw new BitNetException(target + ": cannot create a file in " + dir + " (" + describe(e) + ")", e);
        }
    }

    /** Writes {@code bytes} as the whole content of {@code target}, atomically. */
    public static void write(Path target, byte[] bytes) {
        try (AtomicFile f = create(target)) {
            f.writeFully(ByteBuffer.wrap(bytes));
            f.commit();
        }
    }

    public Path target() {
        return target;
    }

    /** Writes all of {@code buf} at the channel's position (a channel may write less than asked per call). */
    public void writeFully(ByteBuffer buf) {
        try {
            while (buf.hasRemaining()) channel.write(buf);
        } catch (IOException e) {
            throw failure(e);
        }
    }

    /** Syncs the content to disk, then renames it over the target (replacing any file of that name). */
    public void commit() {
        if (finished) throw new IllegalStateException(target + ": already committed or aborted");
        try {
            channel.force(true);    // data on disk before the rename makes it visible
            channel.close();
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            finished = true;
        } catch (IOException e) {
            close();
            throw failure(e);
        }
        syncFolder(target.toAbsolutePath().getParent());
    }

    /** Without a commit: deletes the temporary file, leaving the target as it was. After a commit: nothing. */
    @Override
    public void close() {
        if (finished) return;
        finished = true;
        try {
            channel.close();
        } catch (IOException ignored) {
            // The file is deleted next; a failed close has nothing left to lose.
        }
        try {
            Files.deleteIfExists(temp);
        } catch (IOException ignored) {
            // Best effort: a leftover hidden .tmp file is harmless, and the original error matters more.
        }
    }

    /** Makes the rename itself durable. Best effort: some systems (Windows) cannot open a folder as a channel. */
    private static void syncFolder(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // The data is synced; only the folder entry's durability is left to the OS.
        }
    }

    BitNetException failure(IOException e) {
        return new BitNetException(target + ": cannot write (" + describe(e) + ")", e);
    }

    /** FileSystemException's message is only the path when it has no reason; name the kind of failure then. */
    private static String describe(IOException e) {
        if (e instanceof FileSystemException f && f.getReason() == null) {
            return e.getClass().getSimpleName() + ": " + f.getFile();
        }
        return e.getMessage();
    }
}
