package dev.ballot.core.quorum;

import dev.ballot.core.config.QuorumServer;

import java.util.Collections;
import java.util.LinkedHashMap;
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
        Map<Long, QuorumServer> allCopy = new LinkedHashMap<>();
        Map<Long, QuorumServer> voterCopy = new LinkedHashMap<>();
        Map<Long, QuorumServer> observerCopy = new LinkedHashMap<>();
        members.forEach((sid, server) -> {
            if (sid != server.sid()) {
                throw new IllegalArgumentException("member key " + sid + " does not match server." + server.sid());
            }
            allCopy.put(sid, server);
            (server.isParticipant() ? voterCopy : observerCopy).put(sid, server);
        });
        this.all = Collections.unmodifiableMap(allCopy);
        this.voters = Collections.unmodifiableMap(voterCopy);
        this.observers = Collections.unmodifiableMap(observerCopy);
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
