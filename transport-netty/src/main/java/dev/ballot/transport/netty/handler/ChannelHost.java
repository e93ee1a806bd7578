package dev.ballot.transport.netty.handler;

import io.netty.channel.Channel;

import java.nio.ByteBuffer;

/**
 * The transport as the pipeline sees it: where the arbiter registers kept channels, asks for
 * dial-backs, and where frames and channel errors go. Methods are called on the channel's event loop
 * and must not block.
 */
public interface ChannelHost {
    /** This peer's sid. */
    long localSid();

    /** A channel (accepted or dialed) is being initialised: count it and track it until it closes. */
    void onChannelCreated(Channel channel);

    /** The arbiter kept {@code channel} for {@code event.sid()}: register it (replacing any older one) and start sending. */
    void onKept(PeerHandshakeEvent event, Channel channel);

    /** A smaller sid dialed us; its channel is being closed. Dial it back (docs/protocol.md "Arbitration"). */
    void onLowerSidDialed(PeerHandshakeEvent event);

    /**
     * {@link #onLowerSidDialed(PeerHandshakeEvent)} with the dropped channel, whose creation time lets
     * the host tell crossed simultaneous dials from a peer that lost its connection. The default
     * ignores the channel.
     */
    default void onLowerSidDialed(PeerHandshakeEvent event, Channel channel) {
        onLowerSidDialed(event);
    }

    /**
     * The arbiter is closing this connection with {@code event.sid()} because its initiator has the
     * smaller sid (docs/protocol.md "Arbitration"); for traces. Called before {@link #onLowerSidDialed} for inbound ones.
     */
    default void onArbitrationDropped(PeerHandshakeEvent event) {
    }

    /** A kept channel became writable again: queued messages may go out. */
    void onWritable(Channel channel);

    /** A frame arrived on a kept channel. The buffer is a fresh heap copy owned by the receiver. */
    void onFrame(long sid, ByteBuffer payload);

    /** A channel is being closed because of {@code cause}; called once per channel, for counting. */
    void onChannelError(Channel channel, Throwable cause);
}
