package dev.ballot.election.fsm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ballot.core.LearnerType;
import dev.ballot.core.PeerState;
import dev.ballot.core.Vote;
import dev.ballot.core.quorum.QuorumVerifier;
import dev.ballot.election.sim.Quorums;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** One table per FLE rule (convention 5); each row reads like "inputs -> outcome". */
class FleRulesTest {
    private static final QuorumVerifier MAJ5 = Quorums.majority(5, 2);
    /** 3 groups x 3 sids; sids 1,2,4,5,7,8 weigh 0 (FLEZeroWeightTest's layout). */
    private static final QuorumVerifier ZERO_WEIGHT = Quorums.hierarchical(9,
            new long[][] {{1, 2, 3}, {4, 5, 6}, {7, 8, 9}}, Set.of(1L, 2L, 4L, 5L, 7L, 8L));

    // docs/protocol.md "Ordering votes", FLEPredicateTest: (leader, zxid, peerEpoch) new vs current
    @ParameterizedTest(name = "new=({0},{1},{2}) cur=({3},{4},{5}) majority -> {6}")
    @CsvSource({
            "1, 5, 1,   2, 5, 2,   false",  // lower epoch loses
            "1, 5, 3,   2, 9, 2,   true",   // higher epoch wins over higher zxid
            "1, 6, 2,   2, 5, 2,   true",   // same epoch, higher zxid wins
            "3, 5, 2,   2, 5, 2,   true",   // same epoch and zxid, higher sid wins
            "2, 5, 2,   2, 5, 2,   false",  // equal vote does not beat
            "1, -1, 0,  2, -2, 0,  true",   // signed comparison
            "9, 5, 2,   2, 5, 2,   true"})  // unknown sid weighs 1 under majority
    void totalOrder(long nl, long nz, long ne, long cl, long cz, long ce, boolean beats) {
        assertEquals(beats, FleRules.beats(vote(nl, nz, 0, ne), vote(cl, cz, 0, ce), MAJ5));
    }

    // docs/protocol.md "Ordering votes"/docs/protocol.md "Quorums and termination" with weights, FLEZeroWeightTest: a weight-0 candidate never wins
    @ParameterizedTest(name = "candidate {0} vs {1} zero-weight config -> {2}")
    @CsvSource({"2, 1, false", "3, 2, true", "8, 6, false", "9, 6, true", "1, 9, false"})
    void zeroWeightNeverWins(long candidate, long current, boolean beats) {
        assertEquals(beats, FleRules.beats(vote(candidate, 5, 0, 1), vote(current, 5, 0, 1), ZERO_WEIGHT));
    }

    // docs/protocol.md "A LOOKING notification" steps 1-2
    @ParameterizedTest(name = "myZxid={0} nZxid={1} -> ignored={2}")
    @CsvSource({"-1, 5, true", "5, -1, true", "-1, -1, true", "5, 5, false", "0, 7, false",
            "-9223372036854775808, 3, false"})
    void zxidMinusOneRules(long myInitialZxid, long nZxid, boolean ignored) {
        assertEquals(ignored, FleRules.rejectLooking(myInitialZxid, nZxid) != null);
    }

    // docs/protocol.md "A LOOKING notification" steps 3-5
    @ParameterizedTest(name = "n.round={0} clock={1} -> {2}")
    @CsvSource({"3, 2, AHEAD", "2, 2, SAME", "1, 2, BEHIND", "0, 0, SAME"})
    void roundComparison(long nRound, long clock, FleRules.Round expected) {
        assertEquals(expected, FleRules.compareRound(nRound, clock));
    }

    // docs/protocol.md "A LOOKING notification" step 3.3: compare with the INITIAL vote, not the current proposal
    @ParameterizedTest(name = "received {0} vs initial {1} -> proposal leader {2}")
    @CsvSource({"3, 2, 3", "1, 2, 2", "2, 2, 2", "5, 4, 5"})
    void proposalOnNewRound(long receivedLeader, long initialLeader, long expectedLeader) {
        Vote p = FleRules.proposalOnNewRound(vote(receivedLeader, 5, 4, 1), vote(initialLeader, 5, 1, 1), MAJ5);
        assertEquals(expectedLeader, p.leader());
    }

    // docs/protocol.md "Quorums and termination": votes "sid:leader:round" (LOOKING, zxid 5, peerEpoch 1) vs ref leader 3 round 1
    // docs/protocol.md "Quorums and termination" termination: the electors of ref form a quorum (WON); PENDING and LOST both mean "not yet"
    @ParameterizedTest(name = "votes=[{0}] ref=(3,r1) 5 voters + observers 6,7 -> {1}")
    @CsvSource({
            "1:3:1 2:3:1 3:3:1,           WON",     // 3 of 5
            "1:3:1 2:3:1,                 PENDING", // 2 of 5, three unheard
            "1:3:1 2:3:1 6:3:1 7:3:1,     PENDING", // observers never count
            "1:3:1 2:3:1 3:3:2,           PENDING", // another round does not match
            "1:3:1 2:4:1 3:4:1 4:4:1,     LOST",    // at most 2 can match
            "1:3:1 2:3:1 3:3:1 4:4:1 5:4:1, WON",
            "9:3:1 8:3:1 1:3:1,           PENDING"}) // unknown sids never count
    void electorsFormAQuorum(String votes, String expected) {
        assertEquals(expected.equals("WON"),
                MAJ5.containsQuorum(FleRules.electors(parseVotes(votes), vote(3, 5, 1, 1), MAJ5)));
    }

    // docs/protocol.md "Quorums and termination" hierarchical: a quorum needs a majority of weight in a majority of groups
    @ParameterizedTest(name = "zero-weight config, acks {0} -> {1}")
    @CsvSource({"3 6, WON", "3, PENDING", "1 2 4 5 7 8, LOST", "1 2 3 4 5 6, WON", "3 4 5, PENDING"})
    void hierarchicalElectors(String ackers, String expected) {
        Map<Long, Vote> votes = new LinkedHashMap<>();
        Arrays.stream(ackers.split(" ")).map(Long::parseLong).forEach(s -> votes.put(s, vote(3, 5, 1, 1)));
        for (long s = 1; s <= 9; s++) {
            if (expected.equals("LOST")) {
                votes.putIfAbsent(s, vote(9, 5, 1, 1));
            }
        }
        assertEquals(expected.equals("WON"),
                ZERO_WEIGHT.containsQuorum(FleRules.electors(votes, vote(3, 5, 1, 1), ZERO_WEIGHT)));
    }

    // docs/protocol.md "A FOLLOWING or LEADING notification" checkLeader: "sid:state" of the stored votes, leader, round, myId=1, clock
    @ParameterizedTest(name = "votes=[{0}] leader={1} round={2} clock={3} -> {4}")
    @CsvSource({
            "2:LEADING 3:FOLLOWING,   2, 1, 1, true",   // the leader's own LEADING vote is there
            "3:FOLLOWING,             2, 1, 1, false",  // no vote from the leader (ZOOKEEPER-975)
            "2:FOLLOWING 3:FOLLOWING, 2, 1, 1, false",  // leader's vote is not LEADING
            "2:FOLLOWING 3:FOLLOWING, 1, 1, 1, true",   // I am the leader, same round
            "2:FOLLOWING 3:FOLLOWING, 1, 1, 2, false"}) // I am the leader, stale round (ZOOKEEPER-1514)
    void checkLeader(String votes, long leader, long round, long clock, boolean expected) {
        Map<Long, Vote> m = new LinkedHashMap<>();
        for (String e : votes.split(" ")) {
            String[] p = e.split(":");
            m.put(Long.parseLong(p[0]), new Vote(leader, 5, round, 1, PeerState.valueOf(p[1])));
        }
        assertEquals(expected, FleRules.checkLeader(m, leader, round, 1, clock));
    }

    // docs/protocol.md "Timers": 200 ms doubling to 60 s
    @ParameterizedTest(name = "{0} ms -> {1} ms")
    @CsvSource({"200, 400", "400, 800", "25600, 51200", "51200, 60000", "60000, 60000", "30001, 60000"})
    void backoff(long currentMs, long nextMs) {
        assertEquals(Duration.ofMillis(nextMs),
                FleRules.nextInterval(Duration.ofMillis(currentMs), Duration.ofMillis(60_000)));
    }

    // Ballot's optional jitter: off keeps ZooKeeper's timing; on stays within +0..25 %
    @ParameterizedTest(name = "jitter={1} {0} ms, sid {2} -> within [{3}, {4}] ms")
    @CsvSource({"200, false, 1, 200, 200", "200, true, 1, 200, 250", "60000, true, 7, 60000, 75000",
            "400, true, 3, 400, 500"})
    void jitter(long ms, boolean on, long sid, long min, long max) {
        for (long round = 0; round < 50; round++) {
            long got = FleRules.jittered(Duration.ofMillis(ms), on, sid, round, round * 3).toMillis();
            assertEquals(true, got >= min && got <= max, () -> got + " outside [" + min + ", " + max + "]");
        }
    }

    // decideWhenAllVoted: every voter's vote equals the reference
    @ParameterizedTest(name = "votes=[{0}] -> allVoted={1}")
    @CsvSource({"1:3:1 2:3:1 3:3:1 4:3:1 5:3:1, true", "1:3:1 2:3:1 3:3:1 4:3:1, false",
            "1:3:1 2:3:1 3:3:1 4:3:1 5:4:1, false", "1:3:1 2:3:1 3:3:1 4:3:1 5:3:2, false",
            "1:3:1 2:3:1 3:3:1 4:3:1 5:3:1 6:4:1, true"}) // observer 6's vote is not required
    void allVoted(String votes, boolean expected) {
        assertEquals(expected, FleRules.allVoted(parseVotes(votes), vote(3, 5, 1, 1), MAJ5));
    }

    // docs/protocol.md "Deciding"
    @ParameterizedTest(name = "leader {0}, me {1}, {2} -> {3}")
    @CsvSource({"1, 1, PARTICIPANT, LEADING", "2, 1, PARTICIPANT, FOLLOWING", "2, 6, OBSERVER, OBSERVING"})
    void roleOnDecision(long leader, long me, LearnerType type, PeerState role) {
        assertEquals(role, FleRules.roleFor(leader, me, type));
    }

    // docs/protocol.md "The initial vote" and docs/protocol.md "Notification layout" sentinels: (myId, voter, type, zxid, epoch) -> (leader, zxid, peerEpoch)
    @ParameterizedTest(name = "sid {0} voter={1} {2} -> ({5},{6},{7})")
    @CsvSource({
            "3, true,  PARTICIPANT, 9, 2,   3, 9, 2",
            "3, false, PARTICIPANT, 9, 2,   -9223372036854775808, 9, 2",
            "6, false, OBSERVER,    9, 2,   -9223372036854775808, -9223372036854775808, -9223372036854775808"})
    void initialVote(long me, boolean voter, LearnerType type, long zxid, long epoch,
                     long eLeader, long eZxid, long eEpoch) {
        Vote v = FleRules.initialVote(me, voter, type, zxid, epoch, 4);
        assertEquals(vote(eLeader, eZxid, 4, eEpoch), v);
    }

    // docs/protocol.md "The config payload"/docs/protocol.md "What Ballot sends": committed version 0 vs the received text
    @ParameterizedTest(name = "mine={0} received=''{1}'' present={2} -> {3}")
    @CsvSource(delimiter = '|', value = {
            "0 | server.1=a:1:2:participant\\nversion=0 | true | NONE",
            "0 | version=100000000                  | true | IGNORE_NEWER",
            "100000000 | version=0                  | true | PEER_OLDER",
            "0 | my very invalid config string      | true | UNPARSABLE",
            "0 | version=zz                         | true | UNPARSABLE",
            "0 | version=5                          | false | NONE"})
    void configVersion(String mineHex, String text, boolean present, ConfigVersionRule.Action expected) {
        assertEquals(expected, ConfigVersionRule.classify(Long.parseLong(mineHex, 16),
                text.replace("\\n", "\n"), present));
    }

    // Convention 4: legal state changes
    @ParameterizedTest(name = "{0} -> {1}: {2}")
    @CsvSource({"LOOKING, FOLLOWING, true", "LOOKING, LOOKING, true", "FOLLOWING, LEADING, false",
            "LEADING, LOOKING, true", "OBSERVING, FOLLOWING, false", "FOLLOWING, FOLLOWING, true",
            "LEADING, OBSERVING, true", "FOLLOWING, OBSERVING, false"})
    void transitions(PeerState from, PeerState to, boolean legal) {
        assertEquals(legal, RoleTransitions.isLegal(from, to));
    }

    private static Map<Long, Vote> parseVotes(String text) {
        Map<Long, Vote> m = new LinkedHashMap<>();
        for (String e : text.trim().split("\\s+")) {
            String[] p = e.split(":");
            m.put(Long.parseLong(p[0]), vote(Long.parseLong(p[1]), 5, Long.parseLong(p[2]), 1));
        }
        return m;
    }

    private static Vote vote(long leader, long zxid, long round, long peerEpoch) {
        return new Vote(leader, zxid, round, peerEpoch, PeerState.LOOKING);
    }
}
