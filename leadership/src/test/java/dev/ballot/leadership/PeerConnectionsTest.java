package dev.ballot.leadership;

import dev.ballot.core.LearnerType;
import dev.ballot.core.config.QuorumServer;
import dev.ballot.core.quorum.MajorityQuorumVerifier;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Peer 1 of five: connected/lost lines, the no-quorum WARN every 30 s in one line, and the status list. */
class PeerConnectionsTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final long S = 1_000_000_000L;

    private final PeerConnections c = new PeerConnections(1, new MajorityQuorumVerifier(Map.of(
            1L, QuorumServer.of(1, "10.0.0.1", 2888, 3888, LearnerType.PARTICIPANT),
            2L, QuorumServer.of(2, "10.0.0.2", 2888, 3888, LearnerType.PARTICIPANT),
            3L, QuorumServer.of(3, "10.0.0.3", 2888, 3888, LearnerType.PARTICIPANT),
            4L, QuorumServer.of(4, "10.0.0.4", 2888, 3888, LearnerType.PARTICIPANT),
            5L, QuorumServer.of(5, "::5", 2888, 3888, LearnerType.OBSERVER)), 0),
            Duration.ofSeconds(30), T0);

    private static Optional<PeerConnections.Report> warn(String line) {
        return Optional.of(new PeerConnections.Report(true, line));
    }

    @Test
    void connectAndLose_oneLineEach_onlyOnChange() {
        assertEquals(List.of("peer 2 connected (10.0.0.2:3888)", "peer 5 connected ([::5]:3888)"),
                c.update(Set.of(2L, 5L), T0.plusSeconds(1)));
        assertEquals(List.of(), c.update(Set.of(2L, 5L), T0.plusSeconds(2)));
        assertEquals(List.of("peer 2 lost (10.0.0.2:3888)"), c.update(Set.of(5L), T0.plusSeconds(3)));
        assertEquals(List.of(), c.update(Set.of(5L, 99L), T0.plusSeconds(4)), "an unconfigured sid is not listed");
    }

    @Test
    void status_listsEveryConfiguredPeer_withStateAndSince() {
        c.update(Set.of(2L), T0.plusSeconds(5));
        c.update(Set.of(), T0.plusSeconds(9));
        c.update(Set.of(3L), T0.plusSeconds(10));
        assertEquals(List.of(
                new PeerStatus.Peer(2, "10.0.0.2:3888", false, "2026-01-01T00:00:09Z"),
                new PeerStatus.Peer(3, "10.0.0.3:3888", true, "2026-01-01T00:00:10Z"),
                new PeerStatus.Peer(4, "10.0.0.4:3888", false, "2026-01-01T00:00:00Z"),
                new PeerStatus.Peer(5, "[::5]:3888", false, "2026-01-01T00:00:00Z")), c.snapshot());
        assertEquals(List.of(new PeerStatus.ConnectedPeer(3, "10.0.0.3:3888", "2026-01-01T00:00:10Z")),
                c.connectedSnapshot());
    }

    @Test
    void withoutQuorum_warnsAfter30sThenEvery30s_inOneLine_andSaysWhenItIsBack() {
        c.update(Set.of(2L), T0);
        assertEquals(Optional.empty(), c.quorumReport(false, 0));
        assertEquals(Optional.empty(), c.quorumReport(false, 29 * S));
        assertEquals(warn("no quorum for 30 s: cannot reach 3 (10.0.0.3:3888), 4 (10.0.0.4:3888), 5 ([::5]:3888); "
                + "connected: 2"), c.quorumReport(false, 30 * S));
        for (long t = 31; t < 60; t++) {
            assertEquals(Optional.empty(), c.quorumReport(false, t * S), "one line per 30 s, at " + t + " s");
        }
        c.update(Set.of(), T0.plusSeconds(59));
        assertEquals(warn("no quorum for 60 s: cannot reach 2 (10.0.0.2:3888), 3 (10.0.0.3:3888), 4 (10.0.0.4:3888), "
                + "5 ([::5]:3888); connected: none"), c.quorumReport(false, 60 * S));
        c.update(Set.of(2L, 3L), T0.plusSeconds(61));
        assertEquals(Optional.of(new PeerConnections.Report(false, "peers reachable again: 2 (10.0.0.2:3888), "
                + "3 (10.0.0.3:3888)")), c.quorumReport(false, 61 * S));
        assertEquals(Optional.empty(), c.quorumReport(false, 62 * S));
    }

    @Test
    void quorumConnectedOrEstablished_neverWarns() {
        c.update(Set.of(2L, 3L), T0); // 1, 2, 3 of four voters: a quorum, an election may be running
        for (long t = 0; t <= 120; t += 10) {
            assertEquals(Optional.empty(), c.quorumReport(false, t * S));
        }
        c.update(Set.of(), T0);
        for (long t = 130; t <= 250; t += 10) {
            assertEquals(Optional.empty(), c.quorumReport(true, t * S), "established: the leader has a quorum");
        }
    }

    @Test
    void shortOutage_underThirtySeconds_isNotWarned() {
        assertEquals(Optional.empty(), c.quorumReport(false, 0));
        assertEquals(Optional.empty(), c.quorumReport(false, 20 * S));
        c.update(Set.of(2L, 3L), T0.plusSeconds(21));
        assertEquals(Optional.empty(), c.quorumReport(false, 21 * S), "no 'reachable again' without a warning");
        c.update(Set.of(), T0.plusSeconds(22));
        assertEquals(Optional.empty(), c.quorumReport(false, 22 * S));
        assertEquals(Optional.empty(), c.quorumReport(false, 51 * S), "the clock restarts with each outage");
        assertEquals(true, c.quorumReport(false, 52 * S).orElseThrow().warning());
    }
}
