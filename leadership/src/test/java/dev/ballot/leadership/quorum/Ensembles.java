package dev.ballot.leadership.quorum;

import dev.ballot.core.LearnerType;
import dev.ballot.core.config.QuorumServer;
import dev.ballot.core.quorum.MajorityQuorumVerifier;

import java.util.LinkedHashMap;
import java.util.Map;

/** Test ensembles: participants 1..n, observers after them. */
final class Ensembles {
    private Ensembles() {
    }

    static MajorityQuorumVerifier majority(int participants, int observers) {
        Map<Long, QuorumServer> m = new LinkedHashMap<>();
        for (long sid = 1; sid <= participants + observers; sid++) {
            LearnerType t = sid <= participants ? LearnerType.PARTICIPANT : LearnerType.OBSERVER;
            m.put(sid, QuorumServer.of(sid, "127.0.0.1", 20000 + (int) sid * 2, 20001 + (int) sid * 2, t));
        }
        return new MajorityQuorumVerifier(m, 0);
    }
}
