package dev.bitnet4j.generate;

import java.util.List;

/**
 * Watches streamed text for stop strings. Text that could still be the start of a stop string is
 * held back, so a caller never prints part of a stop string and then has to take it back.
 */
public final class StopStrings {
    /** What may be shown now, and whether a stop string was found (the text before it is in {@code emit}). */
    public record Step(String emit, boolean stopped) {}

    private final List<String> stops;
    private String held = "";

    public StopStrings(List<String> stops) {
        this.stops = stops.stream().filter(s -> !s.isEmpty()).toList();
    }

    public Step accept(String piece) {
        String buf = held + piece;
        int first = -1;
        for (String s : stops) {
            int at = buf.indexOf(s);
            if (at >= 0 && (first < 0 || at < first)) first = at;
        }
        if (first >= 0) {
            held = "";
            return new Step(buf.substring(0, first), true);
        }
        int keep = 0;
        for (String s : stops) {
            for (int n = Math.min(s.length() - 1, buf.length()); n > keep; n--) {
                if (buf.regionMatches(buf.length() - n, s, 0, n)) {   // buf ends with s's first n chars
                    keep = n;
                    break;
                }
            }
        }
        held = buf.substring(buf.length() - keep);
        return new Step(buf.substring(0, buf.length() - keep), false);
    }

    /** At the end of generation (no stop string found): the text still held back. */
    public String flush() {
        String s = held;
        held = "";
        return s;
    }
}
