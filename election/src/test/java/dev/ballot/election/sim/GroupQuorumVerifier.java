package dev.ballot.election.sim;

import dev.ballot.core.config.QuorumServer;
import dev.ballot.core.quorum.QuorumVerifier;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * A test-only hierarchical verifier implementing spec §4.5's counting rule, so election tests do not
 * depend on core's {@code HierarchicalQuorumVerifier} landing first. Immutable.
 */
final class GroupQuorumVerifier implements QuorumVerifier {
    private final Map<Long, QuorumServer> members;
    private final Map<Long, Integer> groupOf = new HashMap<>();
    private final Map<Long, Long> weights = new HashMap<>();
    private final long[] groupWeight;
    private final int numGroups;

    GroupQuorumVerifier(Map<Long, QuorumServer> members, long[][] groups, Set<Long> zeroWeight) {
        this.members = Map.copyOf(members);
        this.groupWeight = new long[groups.length];
        int nonEmpty = 0;
        for (int g = 0; g < groups.length; g++) {
            for (long sid : groups[g]) {
                groupOf.put(sid, g);
                long w = zeroWeight.contains(sid) ? 0 : 1;
                weights.put(sid, w);
                groupWeight[g] += w;
            }
            nonEmpty += groupWeight[g] == 0 ? 0 : 1;
        }
        this.numGroups = nonEmpty;
    }

    @Override
    public long weight(long sid) {
        Long w = weights.get(sid);
        return w == null ? 1 : w;
    }

    @Override
    public boolean containsQuorum(Set<Long> sids) {
        if (sids.isEmpty()) {
            return false;
        }
        long[] sum = new long[groupWeight.length];
        for (long sid : sids) {
            Integer g = groupOf.get(sid);
            if (g != null) {
                sum[g] += weight(sid);
            }
        }
        int passing = 0;
        for (int g = 0; g < sum.length; g++) {
            if (sum[g] > groupWeight[g] / 2) {
                passing++;
            }
        }
        return passing > numGroups / 2;
    }

    @Override
    public Map<Long, QuorumServer> allMembers() {
        return members;
    }

    @Override
    public Map<Long, QuorumServer> votingMembers() {
        return members;
    }

    @Override
    public Map<Long, QuorumServer> observingMembers() {
        return Map.of();
    }

    @Override
    public long version() {
        return 0;
    }

    @Override
    public String toConfigString() {
        StringBuilder sb = new StringBuilder();
        members.keySet().stream().sorted().forEach(sid -> sb.append("server.").append(sid)
                .append("=127.0.0.1:").append(20000 + sid).append(':').append(30000 + sid).append(":participant\n"));
        return sb.append("version=0").toString();
    }
}
