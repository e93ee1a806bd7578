package dev.ballot.core.quorum;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static dev.ballot.core.quorum.Ensembles.groups;
import static dev.ballot.core.quorum.Ensembles.members;
import static dev.ballot.core.quorum.Ensembles.sids;
import static dev.ballot.core.quorum.Ensembles.weights;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * docs/protocol.md "Quorums and termination", hierarchical: group g passes when its voters' weight exceeds groupWeight[g]/2 (long
 * division); a quorum needs more than numGroups/2 passing groups, where weight-0 groups do not count.
 */
class HierarchicalQuorumVerifierTest {

    @ParameterizedTest(name = "vote groups=({0}) weights=({1}) obs=({2}) votes=({3}) -> {4}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            # groups              | weights      | observers | votes           | quorum
            1 2 3                 | -            | -         | 1 2             | true
            1 2 3                 | -            | -         | 1               | false
            1 2 3                 | -            | -         | -               | false
            1 2 3                 | 1=3          | -         | 1               | true
            1 2 3                 | 1=2          | -         | 1               | false
            1 2 3                 | 1=2          | -         | 1 2             | true
            1 2 3                 | 3=0          | -         | 1 2             | true
            1 2 3                 | 3=0          | -         | 1 3             | false
            1 2 3                 | 2=0 3=0      | -         | 1               | true
            1 2 3                 | 2=0 3=0      | -         | 2 3             | false
            1 2 3/4 5 6/7 8 9     | -            | -         | 1 2 4 5         | true
            1 2 3/4 5 6/7 8 9     | -            | -         | 1 2 3 4         | false
            1 2 3/4 5 6/7 8 9     | -            | -         | 1 4 7           | false
            1 2 3/4 5 6/7 8 9     | -            | 10 11     | 1 2 4 10 11     | false
            1 2 3/4 5 6/7 8 9     | -            | 10 11     | 1 2 4 5 10 11   | true
            1 2 3/4 5 6/7         | 7=0          | -         | 1 2 4 5         | true
            1 2 3/4 5 6/7         | 7=0          | -         | 1 2 3 4 7       | false
            1 2 3/4 5 6/7         | 3=2 7=0      | -         | 3 1 4 5         | true
            1 2 3/4 5 6/7         | 3=2 7=0      | -         | 1 2 4 5         | false
            1 2/3 4               | -            | -         | 1 2 3 4         | true
            1 2/3 4               | -            | -         | 1 2 3           | false
            1 2/3 4               | 4=0          | -         | 1 2 3           | true
            1 2/3 4/5 6/7 8       | -            | -         | 1 2 3 4 5 6     | true
            1 2/3 4/5 6/7 8       | -            | -         | 1 2 3 4 5       | false
            1 2/3 4/5 6/7 8       | 5=0 6=0      | -         | 1 2 3 4         | true
            1 2/3 4/5 6/7 8       | 5=0 6=0      | -         | 1 2 7           | false
            1 2 3                 | -            | -         | 1 2 99          | true
            1 2 3                 | -            | -         | 1 99 98         | false
            """)
    void containsQuorum(String groupSpec, String weightSpec, String observers, String votes, boolean quorum) {
        String voters = groupSpec.replace('/', ' ');
        HierarchicalQuorumVerifier q = new HierarchicalQuorumVerifier(members(voters, observers), groups(groupSpec),
                weights(weightSpec), 0);
        assertEquals(quorum, q.containsQuorum(sids(votes)));
        assertEquals(quorum, ZooKeeperVerifiers.hierarchical(q).containsQuorum(ZooKeeperVerifiers.acks(q, sids(votes))),
                "ZooKeeper's QuorumHierarchical disagrees");
    }

    @ParameterizedTest(name = "weights=({1}) obs=({2}): weight({3}) = {4}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            1 2 3 | 2=5 3=0 | 4 | 1  | 1
            1 2 3 | 2=5 3=0 | 4 | 2  | 5
            1 2 3 | 2=5 3=0 | 4 | 3  | 0
            1 2 3 | 2=5 3=0 | 4 | 4  | 0
            1 2 3 | 2=5 3=0 | 4 | 99 | 0
            """)
    void weight_participantsAsConfigured_othersZero(String groupSpec, String weightSpec, String observers, long sid,
                                                    long weight) {
        HierarchicalQuorumVerifier q = new HierarchicalQuorumVerifier(members(groupSpec, observers), groups(groupSpec),
                weights(weightSpec), 0);
        assertEquals(weight, q.weight(sid));
    }

    @ParameterizedTest(name = "groups=({0}) weights=({1}) obs=({2}) -> {3}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            1 2                | -       | -  | server.3 is a participant in no group
            1 2 3/3            | -       | -  | server.3 is in group.1 and group.2
            1 2 3/4            | -       | 4  | group.2 lists 4, which is not a participant (it is an observer)
            1 2 3/9            | -       | -  | group.2 lists 9, which is not a participant
            1 2 3              | 4=1     | 4  | weight.4: server.4 is not a participant
            1 2 3              | 1=-1    | -  | weight.1=-1: weights must be >= 0
            1 2 3              | 1=0 2=0 3=0 | - | every group has weight 0
            """)
    void brokenRules_areRefused(String groupSpec, String weightSpec, String observers, String problem) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new HierarchicalQuorumVerifier(
                members("1 2 3", observers), groups(groupSpec), weights(weightSpec), 0));
        assertTrue(e.getMessage().startsWith(problem), e.getMessage());
    }
}
