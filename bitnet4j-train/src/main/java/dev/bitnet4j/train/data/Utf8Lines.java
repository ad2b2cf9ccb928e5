package dev.bitnet4j.train.data;

import dev.bitnet4j.BitNetException;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * A file's lines, each decoded as strict UTF-8 on its own, so that an encoding error names its line (a
 * Reader decodes ahead of the line it returns). Lines end at "\n"; a "\r" before it is dropped.
 */
final class Utf8Lines implements AutoCloseable {
    private final Path file;
    private final InputStream in;
    private final byte[] buf = new byte[1 << 16];
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private int pos, end;
    private long number;

    Utf8Lines(Path file) {
        this.file = file;
        if (Files.isDirectory(file)) throw new BitNetException(file + ": is a folder, expected a file");
        try {
            this.in = Files.newInputStream(file);
        } catch (NoSuchFileException e) {
            throw new BitNetException(file + ": file not found");
        } catch (IOException e) {
            throw new BitNetException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    /** The number of the line {@link #next} returned last, from 1. */
    long number() {
        return number;
    }

    /** The next line, or null at the end of the file. */
    String next() {
        line.reset();
        try {
            while (true) {
                if (pos == end) {
                    end = in.read(buf);
                    pos = 0;
                    if (end <= 0) {
                        end = 0;
                        if (line.size() == 0) return null;
                        break;
                    }
                }
                int start = pos;
                while (pos < end && buf[pos] != '\n') pos++;
                line.write(buf, start, pos - start);
                if (pos < end) {
                    pos++;           // the newline
                    break;
                }
            }
        } catch (IOException e) {
            throw new BitNetException(file + ": line " + (number + 1) + ": cannot read (" + e.getMessage() + ")", e);
        }
        number++;
        byte[] bytes = line.toByteArray();
        int n = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        try {
            return Utf8Text.decoder().decode(ByteBuffer.wrap(bytes, 0, n)).toString();
        } catch (CharacterCodingException e) {
            throw new BitNetException(file + ": line " + number + ": not valid UTF-8 (convert the file to UTF-8 first)");
        }
    }

    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException e) {
            throw new BitNetException(file + ": cannot close (" + e.getMessage() + ")", e);
        }
    }
}
