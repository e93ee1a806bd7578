package dev.ballot.transport.netty;

import java.util.Map;

/**
 * Cumulative counters of one {@link NettyQuorumTransport}, for the server's {@code /metrics}. Every
 * read is thread-safe and cheap; values only grow.
 */
public interface TransportMetrics {
    /** Channels created, accepted and dialed. */
    long connectionsOpened();

    /** Channels closed, for any reason. */
    long connectionsClosed();

    /** Accepted initial messages whose sid was admitted. */
    long handshakesAccepted();

    /** Rejected handshakes by reason ({@code bad-version}, {@code unknown-sid}, {@code timeout}, {@code tls}, ...). */
    Map<String, Long> handshakesRejected();

    /** Frames delivered to the listener from the network. */
    long framesIn();

    /** Frames written to the network (resends included). */
    long framesOut();

    /** Payload bytes of {@link #framesIn()}, length prefixes included. */
    long bytesIn();

    /** Payload bytes of {@link #framesOut()}, length prefixes included. */
    long bytesOut();

    /** Messages replaced in a full send queue before they could be written (newest wins). */
    long sendQueueDrops();

    /** Dial attempts started by the reconnect back-off (not the first attempt). */
    long reconnects();

    /** Channels closed because of bad framing or other non-handshake errors, by reason ({@code frame-length}, ...). */
    default Map<String, Long> channelErrors() {
        return Map.of();
    }
}
