package dev.bitnet4j;

/**
 * A problem the user can act on: a missing or corrupt file, a bad shape, an unsupported option.
 * The message names what is wrong and where; front ends print it as it is, without a stack trace.
 */
public class BitNetException extends RuntimeException {
    public BitNetException(String message) {
        super(message);
    }

    public BitNetException(String message, Throwable cause) {
        super(message, cause);
    }
}
