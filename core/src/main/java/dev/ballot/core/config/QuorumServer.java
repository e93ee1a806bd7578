package dev.ballot.core.config;

import dev.ballot.core.LearnerType;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One {@code server.N} line of an ensemble: its quorum (Zab) and election addresses, its type and its
 * optional client address (docs/protocol.md "zoo.cfg keys").
 *
 * <p>Addresses are kept <em>unresolved</em> ({@link InetSocketAddress#createUnresolved}) with the host
 * text exactly as written (IPv6 literals without brackets); nothing here touches DNS. Resolution
 * happens when a connection is made, off the event loops.
 *
 * @param sid               the server id N
 * @param quorumAddresses   one or more quorum-port addresses (several only with multi-address), in config order
 * @param electionAddresses one or more election-port addresses, paired by position with {@code quorumAddresses}
 * @param type              participant or observer
 * @param clientAddress     the {@code ;[host:]port} part if the line had one
 */
public record QuorumServer(long sid, List<InetSocketAddress> quorumAddresses, List<InetSocketAddress> electionAddresses,
                           LearnerType type, Optional<InetSocketAddress> clientAddress) {

    public QuorumServer {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(clientAddress, "clientAddress");
        quorumAddresses = List.copyOf(quorumAddresses);
        electionAddresses = List.copyOf(electionAddresses);
        if (quorumAddresses.isEmpty() || quorumAddresses.size() != electionAddresses.size()) {
            throw new IllegalArgumentException("server." + sid + ": need as many quorum as election addresses (>= 1), got "
                    + quorumAddresses.size() + " and " + electionAddresses.size());
        }
    }

    /** A single-address participant or observer without a client address. */
    public static QuorumServer of(long sid, String host, int quorumPort, int electionPort, LearnerType type) {
        return new QuorumServer(sid, List.of(InetSocketAddress.createUnresolved(host, quorumPort)),
                List.of(InetSocketAddress.createUnresolved(host, electionPort)), type, Optional.empty());
    }

    /** The first election address; what a single-address peer dials and advertises. */
    public InetSocketAddress electionAddress() {
        return electionAddresses.get(0);
    }

    /** The first quorum (Zab) address. */
    public InetSocketAddress quorumAddress() {
        return quorumAddresses.get(0);
    }

    public boolean isParticipant() {
        return type == LearnerType.PARTICIPANT;
    }
}
