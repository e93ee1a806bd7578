package dev.ballot.core;

import org.apache.zookeeper.server.quorum.QuorumPeer;
import org.apache.zookeeper.server.util.ZxidUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** docs/protocol.md "Conventions" "Terms": zxid arithmetic, checked against ZooKeeper's own {@code ZxidUtils}; and the state codes. */
class ZxidTest {

    @ParameterizedTest(name = "zxid {0} -> epoch {1}, counter {2}")
    @CsvSource(delimiter = '|', textBlock = """
            0                    | 0           | 0
            4294967301           | 1           | 5
            -1                   | -1          | 4294967295
            -4294967296          | -1          | 0
            9223372036854775807  | 2147483647  | 4294967295
            -9223372036854775808 | -2147483648 | 0
            """)
    void epochAndCounter(long zxid, long epoch, long counter) {
        assertEquals(epoch, Zxid.epochOf(zxid));
        assertEquals(counter, Zxid.counterOf(zxid));
        assertEquals(zxid, Zxid.make(epoch, counter));
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 1, -1, 5, 0x7fffffffL, 0xffffffffL, 0x100000000L, Long.MAX_VALUE, Long.MIN_VALUE, 0x123456789abcdefL})
    void agreesWithZooKeeper(long value) {
        assertEquals(ZxidUtils.getEpochFromZxid(value), Zxid.epochOf(value));
        assertEquals(ZxidUtils.getCounterFromZxid(value), Zxid.counterOf(value));
        assertEquals(ZxidUtils.makeZxid(value, value), Zxid.make(value, value));
        assertEquals(ZxidUtils.makeZxid(value, 7), Zxid.make(value, 7));
    }

    @Test
    void peerStateCodes_areZooKeepersServerStateOrdinals() {
        for (PeerState state : PeerState.values()) {
            assertEquals(state.name(), QuorumPeer.ServerState.values()[state.code()].name());
            assertEquals(state, PeerState.fromCode(state.code()));
            assertTrue(PeerState.isKnownCode(state.code()));
        }
        assertEquals(QuorumPeer.ServerState.values().length, PeerState.values().length);
        assertFalse(PeerState.isKnownCode(4));
        assertFalse(PeerState.isKnownCode(-1));
        assertThrows(IllegalArgumentException.class, () -> PeerState.fromCode(4));
    }

    @Test
    void learnerTypeWords_areZooKeepers() {
        assertEquals("participant", LearnerType.PARTICIPANT.configWord());
        assertEquals("observer", LearnerType.OBSERVER.configWord());
        assertEquals(QuorumPeer.LearnerType.OBSERVER.name(), LearnerType.OBSERVER.name());
    }
}
