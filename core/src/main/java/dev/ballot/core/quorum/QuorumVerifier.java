package dev.ballot.core.quorum;

import dev.ballot.core.config.QuorumServer;

import java.util.Map;
import java.util.Set;

/**
 * Decides whether a set of sids is a quorum of an ensemble configuration (docs/protocol.md "Quorums and termination"), and knows the
 * configuration's members and the text ZooKeeper sends for it in notifications (docs/protocol.md "The config payload").
 *
 * <p>Implementations are immutable and thread-safe: {@link MajorityQuorumVerifier},
 * {@link HierarchicalQuorumVerifier}.
 */
public interface QuorumVerifier {

    /** The weight of {@code sid}: 1 for every sid under majority; the configured weight (0 allowed) under hierarchical. */
    long weight(long sid);

    /** Whether {@code sids} contains a quorum. Observers and sids that are not voting members never count. */
    boolean containsQuorum(Set<Long> sids);

    /** Every member, participants and observers, by sid. */
    Map<Long, QuorumServer> allMembers();

    /** The participants (voters), by sid. */
    Map<Long, QuorumServer> votingMembers();

    /** The observers, by sid. */
    Map<Long, QuorumServer> observingMembers();

    /** The configuration version ({@code version=} in the config text; 0 for a static config). */
    long version();

    /**
     * The configuration as ZooKeeper 3.9 writes it into notifications: {@code server.N=...} lines,
     * {@code group.}/{@code weight.} lines for hierarchical configs, then {@code version=<hex>}, joined by
     * {@code \n} with no trailing newline (docs/protocol.md "The config payload").
     */
    String toConfigString();

    /** Whether {@code sid} is a voting member. */
    default boolean isVoter(long sid) {
        return votingMembers().containsKey(sid);
    }
}
