package dev.ballot.server.watch;

import dev.ballot.election.ElectionResult;
import dev.ballot.core.PeerState;
import dev.ballot.core.Vote;
import dev.ballot.leadership.Elector;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LeaderTrackerTest {
    private final Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

    private static ElectionResult decided(long leader, PeerState role) {
        return new ElectionResult(new Vote(leader, 0, 1, 0, role), role, 1, Duration.ofMillis(200), 1, 2, 2);
    }

    @Test
    void followsDecidedEstablishedAndEnded_andReportsEachChangeOnce() {
        LeaderTracker t = new LeaderTracker(2, clock);
        List<LeaderView> seen = new ArrayList<>();
        LeaderView first = t.subscribe(seen::add);
        assertEquals(new LeaderView(null, null, "2026-01-01T00:00:00Z", 2, "LOOKING", false), first);

        t.onDecided(2, decided(3, PeerState.FOLLOWING));
        t.onEstablished(2, PeerState.FOLLOWING, 3, 7);
        t.onEstablished(2, PeerState.FOLLOWING, 3, 7); // the same again: no event
        t.onRoleEnded(2, PeerState.FOLLOWING, "leader gone");
        t.onDecided(2, decided(2, PeerState.LEADING));
        t.onEstablished(2, PeerState.LEADING, 2, 8);

        assertEquals(5, seen.size(), seen.toString());
        assertEquals(new LeaderView(3L, null, "2026-01-01T00:00:00Z", 2, "FOLLOWING", false), seen.get(0));
        assertEquals(new LeaderView(3L, 7L, "2026-01-01T00:00:00Z", 2, "FOLLOWING", true), seen.get(1));
        assertEquals("LOOKING", seen.get(2).role());
        assertNull(seen.get(2).leader());
        assertTrue(seen.get(4).leading());
        assertEquals(8L, seen.get(4).fencingToken());
        assertFalse(seen.get(3).leading(), "decided but not established is not leading");
    }

    @Test
    void stopped_saysLooking_andIgnoresLateReports() {
        LeaderTracker t = new LeaderTracker(1, clock);
        t.onEstablished(1, PeerState.LEADING, 1, 4);
        List<LeaderView> seen = new ArrayList<>();
        t.subscribe(seen::add);
        t.stopped();
        t.onEstablished(1, PeerState.LEADING, 1, 5);
        assertEquals(1, seen.size());
        assertEquals("LOOKING", t.current().role());
    }

    @Test
    void unsubscribed_listenersHearNothing() {
        LeaderTracker t = new LeaderTracker(1, clock);
        List<LeaderView> seen = new ArrayList<>();
        java.util.function.Consumer<LeaderView> l = seen::add;
        t.subscribe(l);
        t.unsubscribe(l);
        t.onEstablished(1, PeerState.LEADING, 1, 4);
        assertTrue(seen.isEmpty());
    }
}
