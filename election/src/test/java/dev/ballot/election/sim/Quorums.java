package dev.ballot.election.sim;

import dev.ballot.core.LearnerType;
import dev.ballot.core.config.QuorumServer;
import dev.ballot.core.quorum.HierarchicalQuorumVerifier;
import dev.ballot.core.quorum.MajorityQuorumVerifier;
import dev.ballot.core.quorum.QuorumVerifier;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Test configurations: sids 1..n on 127.0.0.1 with made-up ports (never bound by the simulator). */
public final class Quorums {
    private Quorums() {
    }

    /** A static majority config of participants 1..participants and observers after them. */
    public static QuorumVerifier majority(int participants, int observers) {
        return new MajorityQuorumVerifier(members(participants, observers), 0);
    }

    /** A static majority config of participants 1..n. */
    public static QuorumVerifier majority(int n) {
        return majority(n, 0);
    }

    /** Members 1..participants (participants) and participants+1..+observers (observers). */
    public static Map<Long, QuorumServer> members(int participants, int observers) {
        Map<Long, QuorumServer> m = new LinkedHashMap<>();
        for (long sid = 1; sid <= participants + observers; sid++) {
            LearnerType t = sid <= participants ? LearnerType.PARTICIPANT : LearnerType.OBSERVER;
            m.put(sid, QuorumServer.of(sid, "127.0.0.1", 20000 + (int) sid, 30000 + (int) sid, t));
        }
        return m;
    }

    /**
     * A hierarchical config (docs/protocol.md "Quorums and termination") over participants 1..n: {@code groups} lists each group's
     * sids, {@code zeroWeight} sids weigh 0, the others 1.
     */
    public static QuorumVerifier hierarchical(int n, long[][] groups, Set<Long> zeroWeight) {
        Map<Long, Set<Long>> groupMap = new LinkedHashMap<>();
        for (int g = 0; g < groups.length; g++) {
            Set<Long> sids = new java.util.LinkedHashSet<>();
            for (long sid : groups[g]) {
                sids.add(sid);
            }
            groupMap.put(g + 1L, sids);
        }
        Map<Long, Long> weights = new LinkedHashMap<>();
        zeroWeight.forEach(sid -> weights.put(sid, 0L));
        return new HierarchicalQuorumVerifier(members(n, 0), groupMap, weights, 0);
    }
}
