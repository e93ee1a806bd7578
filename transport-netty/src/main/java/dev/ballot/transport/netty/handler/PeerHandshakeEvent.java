package dev.ballot.transport.netty.handler;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Objects;

/**
 * User event fired down the pipeline when the initial message of a connection has been read
 * (inbound) or written (outbound), after the claimed sid has been admitted.
 *
 * @param sid        the remote peer's sid (claimed in its initial message, or the sid we dialed)
 * @param addresses  the addresses the remote advertised (unresolved; empty for outbound and legacy)
 * @param direction  who opened the connection
 */
public record PeerHandshakeEvent(long sid, List<InetSocketAddress> addresses, Direction direction) {
    public PeerHandshakeEvent {
        addresses = List.copyOf(addresses);
        Objects.requireNonNull(direction, "direction");
    }
}
