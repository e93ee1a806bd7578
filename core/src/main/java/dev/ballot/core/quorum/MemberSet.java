package dev.ballot.core.quorum;

import dev.ballot.core.config.QuorumServer;

import java.util.Map;

/**
 * The part every verifier shares: the members split into voters and observers, and the config version.
 * Subclasses add the quorum rule and the weights. Immutable.
 */
abstract class MemberSet implements QuorumVerifier {
    /** Every member, the voters and the observers, in config order. */
    final Members members;
    private final long version;

    /**
     * @throws IllegalArgumentException if a key does not match its server's sid
     */
    MemberSet(Map<Long, QuorumServer> members, long version) {
        this.members = Members.of(members);
        this.version = version;
    }

    @Override
    public final Map<Long, QuorumServer> allMembers() {
        return members.all();
    }

    @Override
    public final Map<Long, QuorumServer> votingMembers() {
        return members.voters();
    }

    @Override
    public final Map<Long, QuorumServer> observingMembers() {
        return members.observers();
    }

    @Override
    public final long version() {
        return version;
    }
}
