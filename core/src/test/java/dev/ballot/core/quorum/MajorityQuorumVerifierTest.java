package dev.ballot.core.quorum;

import dev.ballot.core.LearnerType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Map;
import java.util.Set;

import static dev.ballot.core.quorum.Ensembles.members;
import static dev.ballot.core.quorum.Ensembles.server;
import static dev.ballot.core.quorum.Ensembles.sids;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** docs/protocol.md "Quorums and termination", majority: a quorum is more than half of the voters; observers and unknown sids never count. */
class MajorityQuorumVerifierTest {

    @ParameterizedTest(name = "vote cfg=({0}) obs=({1}) votes=({2}) -> {3}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            # voters        | observers | votes           | quorum
            1               | -         | 1               | true
            1               | -         | -               | false
            1               | 2         | 2               | false
            1 2             | -         | 1               | false
            1 2             | -         | 1 2             | true
            1 2 3           | -         | 1               | false
            1 2 3           | -         | 1 3             | true
            1 2 3           | 4 5       | 1 4 5           | false
            1 2 3           | 4 5       | 2 3 4           | true
            1 2 3 4         | -         | 1 2             | false
            1 2 3 4         | -         | 1 2 4           | true
            1 2 3 4         | 5 6 7     | 1 5 6 7         | false
            1 2 3 4 5       | -         | 1 2             | false
            1 2 3 4 5       | -         | 3 4 5           | true
            1 2 3 4 5       | -         | 1 2 9 10 11     | false
            1 2 3 4 5 6     | -         | 1 2 3           | false
            1 2 3 4 5 6     | -         | 1 2 3 6         | true
            1 2 3 4 5 6 7   | -         | 1 2 3           | false
            1 2 3 4 5 6 7   | -         | 4 5 6 7         | true
            1 2 3 4 5 6 7   | 8 9 10 11 | 1 2 3 8 9 10 11 | false
            1 2 3 4 5 6 7   | -         | 1 2 3 4 5 6 7   | true
            """)
    void containsQuorum(String voters, String observers, String votes, boolean quorum) {
        MajorityQuorumVerifier q = new MajorityQuorumVerifier(members(voters, observers), 0);
        assertEquals(quorum, q.containsQuorum(sids(votes)));
        assertEquals(quorum, ZooKeeperVerifiers.majority(q).containsQuorum(ZooKeeperVerifiers.acks(q, sids(votes))),
                "ZooKeeper's QuorumMaj disagrees");
        assertEquals(sids(voters), q.votingMembers().keySet());
        assertEquals(sids(observers), q.observingMembers().keySet());
    }

    @Test
    void everySidWeighsOne_knownOrNot() {
        MajorityQuorumVerifier q = new MajorityQuorumVerifier(members("1 2 3", "4"), 0);
        assertEquals(1, q.weight(1));
        assertEquals(1, q.weight(4));
        assertEquals(1, q.weight(99));
        assertEquals(true, q.isVoter(3));
        assertEquals(false, q.isVoter(4));
    }

    @Test
    void memberKeyMustMatchSid() {
        assertThrows(IllegalArgumentException.class,
                () -> new MajorityQuorumVerifier(Map.of(2L, server(1, LearnerType.PARTICIPANT)), 0));
    }

    @Test
    void equality_coversMembersAndVersion() {
        assertEquals(new MajorityQuorumVerifier(members("1 2", "3"), 4), new MajorityQuorumVerifier(members("1 2", "3"), 4));
        assertEquals(false, new MajorityQuorumVerifier(members("1 2", "3"), 4)
                .equals(new MajorityQuorumVerifier(members("1 2", "3"), 5)));
        assertEquals(false, new MajorityQuorumVerifier(members("1 2", "3"), 0)
                .equals(new MajorityQuorumVerifier(members("1 2 3", ""), 0)));
        assertEquals(Set.of(1L, 2L, 3L), new MajorityQuorumVerifier(members("1 2", "3"), 0).allMembers().keySet());
    }
}
