package dev.bitnet4j.train.data;

import dev.bitnet4j.BitNetException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads corpus files as strict UTF-8: text in another encoding would silently become replacement
 * characters in the training data, so it is an error naming the file and where. A leading byte order
 * mark is dropped.
 */
final class Utf8Text {
    private Utf8Text() {}

    /** The whole file as text. */
    static String read(Path file) {
        byte[] bytes = readBytes(file);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);     // UTF-8 never decodes to more chars than bytes
        CoderResult r = decoder().decode(in, out, true);
        if (r.isError()) {
            throw new BitNetException(file + ": not valid UTF-8 at byte " + in.position() + " (convert it to UTF-8 first)");
        }
        return stripBom(out.flip().toString());
    }

    static String stripBom(String s) {
        return s.startsWith("\uFEFF") ? s.substring(1) : s;
    }

    private static byte[] readBytes(Path file) {
        if (Files.isDirectory(file)) throw new BitNetException(file + ": is a folder, expected a file");
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new BitNetException(file + ": file not found");
        } catch (IOException e) {
            throw new BitNetException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    static CharsetDecoder decoder() {
        return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
    }
}
