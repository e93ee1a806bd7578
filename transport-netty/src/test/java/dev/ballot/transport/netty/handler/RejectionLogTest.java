package dev.ballot.transport.netty.handler;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RejectionLogTest {
    private static final Duration WINDOW = Duration.ofSeconds(10);
    private final List<String> lines = new ArrayList<>();
    private final List<Runnable> timers = new ArrayList<>();
    private long now = 1_000_000_000L;
    private final RejectionLog log = new RejectionLog(2, WINDOW, () -> now, lines::add);

    private void reject(String reason, String source, String detail) {
        log.report(reason, source, "2: closing from " + source + ": " + detail, detail, (task, nanos) -> {
            assertEquals(WINDOW.toNanos(), nanos);
            timers.add(task);
        });
    }

    /** Advances the clock by one window and runs the timers that were due. */
    private void endWindow() {
        now += WINDOW.toNanos();
        List<Runnable> due = new ArrayList<>(timers);
        timers.clear();
        due.forEach(Runnable::run);
    }

    @Test
    void aSingleRejectionIsOneFullLine() {
        reject("unknown-sid", "10.0.0.9", "sid 77 is not in the configuration");
        endWindow();
        assertEquals(List.of("2: closing from 10.0.0.9: sid 77 is not in the configuration"), lines);
        assertTrue(timers.isEmpty(), "a quiet window ends the episode");
    }

    @Test
    void aFloodIsTheFirstLineAndOneSummaryPerWindow() {
        for (int i = 0; i < 65_000; i++) {
            reject("unknown-sid", i % 3 == 0 ? "10.0.0.9" : "10.0.0.8", "sid " + i + " is not in the configuration");
        }
        endWindow();
        assertEquals(2, lines.size(), lines.toString());
        assertEquals("2: 64999 more connections closed (unknown-sid) in the last 10 s from 10.0.0.8 x43333, 10.0.0.9 x21666;"
                + " last: sid 64999 is not in the configuration", lines.get(1));
        for (int i = 0; i < 10; i++) {
            reject("unknown-sid", "10.0.0.9", "again");
        }
        endWindow();
        assertEquals(3, lines.size(), "the episode goes on: only a summary");
        assertEquals("2: 10 more connections closed (unknown-sid) in the last 10 s from 10.0.0.9 x10; last: again", lines.get(2));
        endWindow();
        assertTrue(timers.isEmpty());
        reject("unknown-sid", "10.0.0.9", "later");
        assertEquals("2: closing from 10.0.0.9: later", lines.get(3), "a new episode starts with a full line");
    }

    @Test
    void reasonsAreLimitedSeparately() {
        reject("unknown-sid", "a", "x");
        reject("timeout", "a", "y");
        reject("unknown-sid", "a", "x2");
        assertEquals(List.of("2: closing from a: x", "2: closing from a: y"), lines);
        endWindow();
        assertEquals(3, lines.size());
        assertTrue(lines.get(2).startsWith("2: 1 more connection closed (unknown-sid)"), lines.get(2));
    }

    @Test
    void manySourcesAreNamedUpToABound() {
        reject("tls", "first", "d");
        for (int i = 0; i < 10; i++) {
            reject("tls", "10.0.0." + i, "d");
        }
        endWindow();
        assertEquals("2: 10 more connections closed (tls) in the last 10 s from 10.0.0.0 x1, 10.0.0.1 x1, 10.0.0.2 x1,"
                + " 10.0.0.3 x1, 6 from other sources; last: d", lines.get(1));
    }

    @Test
    void flushWritesPendingCounts() {
        reject("timeout", "a", "x");
        reject("timeout", "a", "x");
        now += 3_000_000_000L;
        log.flush();
        assertEquals("2: 1 more connection closed (timeout) in the last 3 s from a x1; last: x", lines.get(1));
        endWindow();
        assertEquals(2, lines.size(), "nothing counted twice");
    }
}
