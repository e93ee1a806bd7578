package dev.ballot.leadership;

import dev.ballot.leadership.quorum.Backoff;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ElectionPacerTest {
    private static final long MS = 1_000_000L;
    private static final Duration STABLE = Duration.ofSeconds(2);

    @Test
    void persistentFault_startsAtMostTenElectionsInAnyMinute_andTheDelayIsCapped() {
        for (double fixed : new double[] {0.0, 0.5, 0.9999}) {
            ElectionPacer p = new ElectionPacer(Backoff.ROLE, STABLE);
            List<Long> starts = new ArrayList<>();
            long now = 0;
            for (int i = 0; i < 200; i++) { // every role fails 1 ms after its election starts
                p.started(now);
                starts.add(now);
                now += MS;
                long delay = p.nextDelay(now, fixed);
                assertTrue(delay <= ElectionPacer.WINDOW.toNanos(), "delay " + delay);
                now += delay;
            }
            for (int i = 0; i + ElectionPacer.MAX_PER_WINDOW < starts.size(); i++) {
                long span = starts.get(i + ElectionPacer.MAX_PER_WINDOW) - starts.get(i);
                assertTrue(span >= ElectionPacer.WINDOW.toNanos(),
                        "random " + fixed + ": 11 elections within " + span / MS + " ms from start " + i);
            }
            long minutes = (now / ElectionPacer.WINDOW.toNanos());
            assertTrue(starts.size() <= (minutes + 1) * ElectionPacer.MAX_PER_WINDOW, starts.size() + " in " + minutes);
        }
    }

    @Test
    void failuresBackOffExponentially_withJitterBetweenHalfAndAll() {
        ElectionPacer p = new ElectionPacer(Backoff.ROLE, STABLE);
        Random r = new Random(7);
        long now = 0;
        long[] ceilingsMs = {100, 200, 400, 800, 1600, 3200, 5000, 5000};
        for (long c : ceilingsMs) {
            p.started(now);
            long d = p.nextDelay(now, r.nextDouble());
            assertTrue(d >= c * MS / 2 && d <= c * MS, d / MS + " ms not in [" + c / 2 + ", " + c + "]");
            now += d + 60_000 * MS; // far apart: only the back-off counts
        }
        assertEquals(ceilingsMs.length, p.failures());
    }

    @Test
    void aRoleEstablishedForLong_resetsTheCount_andTheNextElectionStartsAtOnce() {
        ElectionPacer p = new ElectionPacer(Backoff.ROLE, STABLE);
        p.started(0);
        p.nextDelay(MS, 0.5);
        p.nextDelay(2 * MS, 0.5);
        assertEquals(2, p.failures());
        p.established(10 * MS);
        assertEquals(0, p.nextDelay(10 * MS + STABLE.toNanos(), 0.5), "the leader died after a stable term");
        assertEquals(0, p.failures());
        p.established(5_000 * MS);
        assertEquals(0, p.nextDelay(5_000 * MS + STABLE.toNanos() - MS, 0.5),
                "established only briefly after a clean record: a failure, but the next election starts at once");
        assertEquals(1, p.failures());
        p.established(6_000 * MS);
        assertTrue(p.nextDelay(6_000 * MS + MS, 0.5) > 0, "a second brief role in a row waits: a flapping link");
        assertEquals(2, p.failures());
    }
}
