package dev.ballot.leadership;

import dev.ballot.core.LearnerType;

import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * One member of a leadership group, as a {@code server.N} line of {@code zoo.cfg} would describe it:
 * its sid, the address its election port listens on, the address its quorum port (epoch
 * establishment and heartbeats) listens on, and whether it votes. Immutable.
 *
 * @param sid             the member's id, ≥ 0, unique in the group (ZooKeeper's {@code myid})
 * @param electionAddress where the election listens (unresolved is fine; resolved off the event loop)
 * @param quorumAddress   where the quorum port listens
 * @param type            participant (votes, may lead) or observer (follows, never votes)
 * @param group           the hierarchical-quorum group, if the group uses them (every participant then has one)
 * @param weight          the member's weight in its group (hierarchical quorums only; 0 = never counts)
 */
public record Member(long sid, InetSocketAddress electionAddress, InetSocketAddress quorumAddress, LearnerType type,
                     Optional<Long> group, long weight) {

    public Member {
        if (sid < 0) {
            throw new IllegalArgumentException("member sid must be >= 0, got " + sid);
        }
        Objects.requireNonNull(electionAddress, "electionAddress");
        Objects.requireNonNull(quorumAddress, "quorumAddress");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(group, "group");
        if (weight < 0) {
            throw new IllegalArgumentException("member " + sid + ": weight must be >= 0, got " + weight);
        }
    }

    /** A voting member on {@code host}, with its quorum and election ports. */
    public static Member participant(long sid, String host, int quorumPort, int electionPort) {
        return new Member(sid, InetSocketAddress.createUnresolved(host, electionPort),
                InetSocketAddress.createUnresolved(host, quorumPort), LearnerType.PARTICIPANT, Optional.empty(), 1);
    }

    /** A non-voting member on {@code host}: it follows the leader but never votes or leads. */
    public static Member observer(long sid, String host, int quorumPort, int electionPort) {
        return new Member(sid, InetSocketAddress.createUnresolved(host, electionPort),
                InetSocketAddress.createUnresolved(host, quorumPort), LearnerType.OBSERVER, Optional.empty(), 1);
    }

    /** This member in hierarchical-quorum group {@code g} with {@code w} as its weight. */
    public Member inGroup(long g, long w) {
        return new Member(sid, electionAddress, quorumAddress, type, Optional.of(g), w);
    }
}
