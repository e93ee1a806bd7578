package dev.ballot.core.transport;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletionStage;

/**
 * The narrow interface between the election and the connection layer (convention 7): the election
 * sends opaque payloads to sids and receives payloads tagged with the sender's sid. No channels,
 * no Netty buffers, nothing the election has to wait on.
 *
 * <p>Implementations: {@code NettyQuorumTransport} (transport-netty) and the simulator's in-memory
 * network (election tests).
 *
 * <p><b>Threading.</b> Every method is thread-safe and non-blocking. {@link Listener} callbacks run on
 * transport threads; a consumer that needs confinement (the election driver) hops onto its own
 * executor.
 *
 * <p><b>Delivery contract</b> (docs/protocol.md "Sending"): per destination, newer messages may replace older
 * undelivered ones; after a (re)connect the last message sent to a sid is sent again unless a newer
 * one is queued; a message to this peer's own sid is delivered locally to the listener.
 */
public interface Transport extends AutoCloseable {

    /**
     * Starts listening and lets the transport deliver to {@code listener}. Called once.
     *
     * @return completes when the listening socket(s) are bound (or at once for in-memory transports);
     *         fails with the bind error
     */
    CompletionStage<Void> start(Listener listener);

    /** This peer's sid. */
    long localSid();

    /**
     * Queues {@code payload} for {@code sid} and starts a connection if there is none. Never blocks.
     * The transport takes ownership of the buffer's remaining bytes; the caller must not modify it.
     */
    void send(long sid, ByteBuffer payload);

    /**
     * Starts a connection attempt to every peer this transport has had traffic with (sent to, or accepted a
     * connection from) that has no connection now: ZooKeeper's {@code connectAll} over the sids that have a send
     * queue (FLE's timeout path, docs/protocol.md "Timers"). Configured members never contacted are not dialed, so observers do
     * not build a mesh among themselves.
     */
    void connectAll();

    /**
     * Drops the connection to {@code sid}, if there is one, and connects again as after any lost connection (the
     * reconnect back-off applies). For a peer the caller found silent by other means while its connection looks
     * alive: a TCP connection whose other side cannot reach this one keeps its data in retransmission back-off,
     * for tens of seconds after the path is back, and only a new connection delivers at once. A transport that
     * cannot ignores it.
     */
    default void reset(long sid) {
    }

    /** Closes listeners and connections; releases only resources the transport owns. Idempotent. */
    CompletionStage<Void> closeAsync();

    /** {@link #closeAsync()} and waits for it; for {@code main} and tests. */
    @Override
    default void close() {
        closeAsync().toCompletableFuture().join();
    }

    /** Receives what the transport delivers. Implementations must not block. */
    interface Listener {
        /** A frame arrived from {@code sid} (or was sent to ourselves). The buffer belongs to the listener. */
        void onMessage(long sid, ByteBuffer payload);

        /** A connection to {@code sid} became usable. */
        void onPeerUp(long sid);

        /** The connection to {@code sid} went away; {@code reason} is for logs. */
        void onPeerDown(long sid, String reason);
    }
}
