package dev.ballot.core;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** docs/protocol.md "Vote equality": ZooKeeper's vote equality, the rule by which votes are counted. */
class VoteTest {

    @ParameterizedTest(name = "({0} {1} {2} {3} {4} v{5}) ~ ({6} {7} {8} {9} {10} v{11}) -> {12}")
    @CsvSource(delimiter = '|', textBlock = """
            # leader zxid round peerEpoch state version (a)  | (b)                           | match | rule
            3 | 5 | 2 | 1 | LOOKING   | 0 | 3 | 5 | 2 | 1 | LOOKING   | 0 | true  | LOOKING: all four equal
            3 | 5 | 2 | 1 | LOOKING   | 0 | 3 | 5 | 3 | 1 | LOOKING   | 0 | false | LOOKING: round differs
            3 | 5 | 2 | 1 | LOOKING   | 0 | 3 | 6 | 2 | 1 | LOOKING   | 0 | false | LOOKING: zxid differs
            3 | 5 | 2 | 1 | LOOKING   | 0 | 3 | 5 | 2 | 2 | LOOKING   | 0 | false | LOOKING: peerEpoch differs
            3 | 5 | 2 | 1 | LOOKING   | 0 | 4 | 5 | 2 | 1 | LOOKING   | 0 | false | LOOKING: leader differs
            3 | 5 | 2 | 1 | LOOKING   | 0 | 3 | 5 | 2 | 1 | FOLLOWING | 2 | true  | one LOOKING: all four equal, version ignored
            3 | 5 | 2 | 1 | LEADING   | 2 | 3 | 5 | 9 | 1 | LOOKING   | 0 | false | one LOOKING: round differs
            3 | 5 | 2 | 1 | FOLLOWING | 0 | 3 | 9 | 7 | 1 | LEADING   | 0 | true  | ZOOKEEPER-1805: zxid and round ignored
            3 | 5 | 2 | 1 | FOLLOWING | 0 | 3 | 5 | 2 | 2 | LEADING   | 0 | false | both v0: peerEpoch differs
            3 | 5 | 2 | 1 | FOLLOWING | 2 | 3 | 9 | 9 | 9 | LEADING   | 0 | true  | ZOOKEEPER-1732: one version > 0, leader only
            3 | 5 | 2 | 1 | FOLLOWING | 0 | 3 | 9 | 9 | 9 | FOLLOWING | 1 | true  | ZOOKEEPER-1732 with version 1
            3 | 5 | 2 | 1 | FOLLOWING | 2 | 4 | 5 | 2 | 1 | LEADING   | 0 | false | ZOOKEEPER-1732: leader differs
            3 | 5 | 2 | 1 | FOLLOWING | 2 | 3 | 5 | 2 | 2 | LEADING   | 2 | false | both v2: peerEpoch differs
            3 | 5 | 2 | 1 | FOLLOWING | 1 | 3 | 8 | 8 | 1 | LEADING   | 2 | true  | both > 0: leader and peerEpoch equal
            3 | 5 | 2 | 1 | OBSERVING | 0 | 3 | 8 | 8 | 1 | FOLLOWING | 0 | true  | OBSERVING is not LOOKING
            """)
    void matches(long l1, long z1, long r1, long e1, PeerState s1, int v1,
                 long l2, long z2, long r2, long e2, PeerState s2, int v2, boolean match, String rule) {
        Vote a = new Vote(l1, z1, r1, e1, s1, v1);
        Vote b = new Vote(l2, z2, r2, e2, s2, v2);
        assertEquals(match, a.matches(b), rule);
        assertEquals(match, b.matches(a), rule + " (symmetric)");
    }

    @Test
    void withers_changeOneField() {
        Vote v = new Vote(3, 5, 2, 1, PeerState.LOOKING);
        assertEquals(0, v.version());
        assertEquals(new Vote(3, 5, 2, 1, PeerState.LEADING, 0), v.withState(PeerState.LEADING));
        assertEquals(new Vote(3, 5, 2, 4, PeerState.LOOKING, 0), v.withPeerEpoch(4));
    }

    @Test
    void negativeVersion_isRefused_butANotificationMapsItToZero() {
        assertThrows(IllegalArgumentException.class, () -> new Vote(1, 1, 1, 1, PeerState.LOOKING, -1));
        assertEquals(0, new Notification(PeerState.FOLLOWING, 1, 2, 3, 4, -7, "").vote().version());
        assertEquals(new Vote(1, 2, 3, 4, PeerState.FOLLOWING, 2), Notification.of(PeerState.FOLLOWING, 1, 2, 3, 4, "x").vote());
    }
}
