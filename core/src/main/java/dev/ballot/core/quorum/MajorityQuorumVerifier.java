package dev.ballot.core.quorum;

import dev.ballot.core.config.QuorumServer;

import java.util.Map;
import java.util.Set;

/**
 * Majority quorums (ZooKeeper's {@code QuorumMaj}, docs/protocol.md "Quorums and termination"): a set is a quorum when it holds more
 * than half of the voting members. Every sid has weight 1, unknown ones included.
 *
 * <p>Immutable and thread-safe.
 */
public final class MajorityQuorumVerifier extends MemberSet {

    /**
     * @param members every member, participants and observers, by sid
     * @param version the config version (0 for a static config)
     */
    public MajorityQuorumVerifier(Map<Long, QuorumServer> members, long version) {
        super(members, version);
    }

    @Override
    public long weight(long sid) {
        return 1;
    }

    @Override
    public boolean containsQuorum(Set<Long> sids) {
        Map<Long, QuorumServer> voters = members.voters();
        int votes = 0;
        for (Long sid : sids) { // called for every notification: no stream
            if (voters.containsKey(sid)) {
                votes++;
            }
        }
        return votes > voters.size() / 2;
    }

    @Override
    public String toConfigString() {
        return ConfigText.write(allMembers(), Map.of(), Map.of(), version());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MajorityQuorumVerifier other && version() == other.version() && allMembers().equals(other.allMembers());
    }

    @Override
    public int hashCode() {
        return allMembers().hashCode() * 31 + Long.hashCode(version());
    }

    @Override
    public String toString() {
        return "majority(voters=" + votingMembers().keySet() + ", observers=" + observingMembers().keySet() + ", version=" + version() + ")";
    }
}
