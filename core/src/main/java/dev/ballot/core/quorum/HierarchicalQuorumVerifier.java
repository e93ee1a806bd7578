package dev.ballot.core.quorum;

import dev.ballot.core.config.QuorumServer;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Hierarchical quorums (ZooKeeper's {@code QuorumHierarchical}, docs/protocol.md "Quorums and termination"): participants are put into
 * groups and given weights; a set is a quorum when more than half of the groups that carry weight
 * each see more than half of their weight.
 *
 * <pre>
 * groupWeight[g] = sum of weight(s) for s in g
 * numGroups      = number of groups - number of groups with groupWeight 0
 * g passes       : sum of weight(s) for the voters s of the set in g  &gt;  groupWeight[g] / 2   (long division)
 * quorum         : set not empty and  #passing groups  &gt;  numGroups / 2                        (long division)
 * </pre>
 *
 * Rules enforced at construction (ZooKeeper enforces the first two; the others are Ballot's, where
 * ZooKeeper accepts configs that can never form a quorum or that crash its peers, docs/protocol.md "Malformed notifications"):
 * every participant is in exactly one group; groups are not empty; groups hold participants only;
 * weights are {@code >= 0} and belong to participants (a participant without one weighs 1); the
 * total weight is positive. A sid of weight 0 never wins an election ({@link dev.ballot.core.VoteOrder}).
 * Observers, and sids that are not members, have weight 0 here (ZooKeeper throws
 * NullPointerException for them).
 *
 * <p>Immutable and thread-safe.
 */
public final class HierarchicalQuorumVerifier extends MemberSet {
    private final Map<Long, Set<Long>> groups;
    private final Map<Long, Long> weights;
    private final Map<Long, Long> groupOf;
    private final Map<Long, Long> groupWeight;
    private final long numGroups;

    /**
     * @param members every member, participants and observers, by sid
     * @param groups  group id to the sids in it ({@code group.<gid>=s1:s2:...})
     * @param weights explicit weights ({@code weight.<sid>=w}); participants missing here weigh 1
     * @param version the config version (0 for a static config)
     * @throws IllegalArgumentException if a rule above is broken; the message names the sid or group
     */
    public HierarchicalQuorumVerifier(Map<Long, QuorumServer> members, Map<Long, ? extends Set<Long>> groups,
                                      Map<Long, Long> weights, long version) {
        super(members, version);
        this.weights = Collections.unmodifiableMap(weights(votingMembers(), weights));
        Map<Long, Set<Long>> groupCopy = new TreeMap<>();
        Map<Long, Long> groupOfCopy = new LinkedHashMap<>();
        groups.forEach((gid, sids) -> groupCopy.put(gid, Collections.unmodifiableSet(group(gid, sids, groupOfCopy))));
        votingMembers().keySet().stream().filter(sid -> !groupOfCopy.containsKey(sid)).findFirst().ifPresent(sid -> {
            throw new IllegalArgumentException("server." + sid + " is a participant in no group; "
                    + "hierarchical configs need every participant in a group.N line");
        });
        this.groups = Collections.unmodifiableMap(groupCopy);
        this.groupOf = Collections.unmodifiableMap(groupOfCopy);
        Map<Long, Long> gw = new TreeMap<>();
        groupCopy.forEach((gid, sids) -> gw.put(gid, sids.stream().mapToLong(this.weights::get).sum()));
        this.groupWeight = Collections.unmodifiableMap(gw);
        this.numGroups = groupCopy.size() - gw.values().stream().filter(w -> w == 0).count();
        if (numGroups == 0) {
            throw new IllegalArgumentException("every group has weight 0: no set of servers can be a quorum");
        }
    }

    private static Map<Long, Long> weights(Map<Long, QuorumServer> voters, Map<Long, Long> explicit) {
        explicit.forEach((sid, w) -> {
            if (!voters.containsKey(sid)) {
                throw new IllegalArgumentException("weight." + sid + ": server." + sid + " is not a participant");
            }
            if (w < 0) {
                throw new IllegalArgumentException("weight." + sid + "=" + w + ": weights must be >= 0");
            }
        });
        Map<Long, Long> result = new TreeMap<>();
        voters.keySet().forEach(sid -> result.put(sid, explicit.getOrDefault(sid, 1L)));
        return result;
    }

    private Set<Long> group(long gid, Set<Long> sids, Map<Long, Long> groupOf) {
        if (sids.isEmpty()) {
            throw new IllegalArgumentException("group." + gid + " is empty");
        }
        Set<Long> copy = new TreeSet<>();
        for (long sid : sids) {
            if (!votingMembers().containsKey(sid)) {
                throw new IllegalArgumentException("group." + gid + " lists " + sid + ", which is not a participant"
                        + (observingMembers().containsKey(sid) ? " (it is an observer)" : ""));
            }
            Long previous = groupOf.putIfAbsent(sid, gid);
            if (previous != null && previous != gid) {
                throw new IllegalArgumentException("server." + sid + " is in group." + previous + " and group." + gid
                        + "; a server belongs to one group");
            }
            copy.add(sid);
        }
        return copy;
    }

    @Override
    public long weight(long sid) {
        return weights.getOrDefault(sid, 0L);
    }

    @Override
    public boolean containsQuorum(Set<Long> sids) {
        Map<Long, Long> sums = new TreeMap<>();
        boolean any = false;
        for (long sid : sids) {
            Long gid = groupOf.get(sid);
            if (gid != null) {
                any = true;
                sums.merge(gid, weights.get(sid), Long::sum);
            }
        }
        if (!any) {
            return false;
        }
        long passing = sums.entrySet().stream().filter(e -> e.getValue() > groupWeight.get(e.getKey()) / 2).count();
        return passing > numGroups / 2;
    }

    /** The groups, by group id; each group's sids in ascending order. */
    public Map<Long, Set<Long>> groups() {
        return groups;
    }

    /** The weight of every participant, explicit or defaulted to 1. */
    public Map<Long, Long> weights() {
        return weights;
    }

    @Override
    public String toConfigString() {
        return ConfigText.write(allMembers(), groups, weights, version());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HierarchicalQuorumVerifier other && version() == other.version() && allMembers().equals(other.allMembers())
                && groups.equals(other.groups) && weights.equals(other.weights);
    }

    @Override
    public int hashCode() {
        return (allMembers().hashCode() * 31 + groups.hashCode()) * 31 + Long.hashCode(version());
    }

    @Override
    public String toString() {
        return "hierarchical(groups=" + groups + ", weights=" + weights + ", observers=" + observingMembers().keySet()
                + ", version=" + version() + ")";
    }
}
