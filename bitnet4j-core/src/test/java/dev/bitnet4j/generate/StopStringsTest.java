package dev.bitnet4j.generate;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class StopStringsTest {

    @Test
    void holdsBackPossiblePrefixesAndStopsAcrossPieces() {
        StopStrings s = new StopStrings(List.of("\nUser:", "###"));
        assertEquals(new StopStrings.Step("Hello", false), s.accept("Hello"));
        assertEquals(new StopStrings.Step(" world", false), s.accept(" world\n"));
        assertEquals(new StopStrings.Step("", false), s.accept("Us"));
        assertEquals(new StopStrings.Step("", true), s.accept("er: hi"));
    }

    @Test
    void releasesHeldTextWhenItTurnsOutNotToBeAStop() {
        StopStrings s = new StopStrings(List.of("###"));
        assertEquals(new StopStrings.Step("a", false), s.accept("a##"));
        assertEquals(new StopStrings.Step("##b", false), s.accept("b"));
        assertEquals(new StopStrings.Step("c", false), s.accept("c#"));
        assertEquals("#", s.flush());
    }

    @Test
    void earliestStopWinsAndTextBeforeItIsEmitted() {
        StopStrings s = new StopStrings(List.of("cd", "b"));
        assertEquals(new StopStrings.Step("a", true), s.accept("abcd"));
    }

    @Test
    void noStopsPassesEverythingThrough() {
        StopStrings s = new StopStrings(List.of());
        assertEquals(new StopStrings.Step("abc", false), s.accept("abc"));
        assertEquals("", s.flush());
    }
}
