package dev.ballot.core.quorum;

import dev.ballot.core.config.QuorumServer;

import java.util.Map;
import java.util.Set;

/**
 * Majority quorums (ZooKeeper's {@code QuorumMaj}, spec §4.5): a set is a quorum when it holds more
 * than half of the voting members. Every sid has weight 1, unknown ones included.
 *
 * <p>Immutable and thread-safe.
 */
public final class MajorityQuorumVerifier implements QuorumVerifier {
    private final Map<Long, QuorumServer> all;
    private final Map<Long, QuorumServer> voters;
    private final Map<Long, QuorumServer> observers;
    private final long version;

    /**
     * @param members every member, participants and observers, by sid
     * @param version the config version (0 for a static config)
     */
    public MajorityQuorumVerifier(Map<Long, QuorumServer> members, long version) {
        Members split = Members.of(members);
        this.all = split.all();
        this.voters = split.voters();
        this.observers = split.observers();
        this.version = version;
    }

    @Override
    public long weight(long sid) {
        return 1;
    }

    @Override
    public boolean containsQuorum(Set<Long> sids) {
        long votes = sids.stream().filter(voters::containsKey).count();
        return votes > voters.size() / 2;
    }

    @Override
    public Map<Long, QuorumServer> allMembers() {
        return all;
    }

    @Override
    public Map<Long, QuorumServer> votingMembers() {
        return voters;
    }

    @Override
    public Map<Long, QuorumServer> observingMembers() {
        return observers;
    }

    @Override
    public long version() {
        return version;
    }

    @Override
    public String toConfigString() {
        return ConfigText.write(all, Map.of(), Map.of(), version);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MajorityQuorumVerifier other && version == other.version && all.equals(other.all);
    }

    @Override
    public int hashCode() {
        return all.hashCode() * 31 + Long.hashCode(version);
    }

    @Override
    public String toString() {
        return "majority(voters=" + voters.keySet() + ", observers=" + observers.keySet() + ", version=" + version + ")";
    }
}
