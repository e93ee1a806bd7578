package dev.ballot.transport.netty.handler;

import io.netty.channel.Channel;

/**
 * Decides whether a peer may use a sid on a channel: membership, own sid, and with TLS the binding of
 * the sid to the peer's certificate. Called on the channel's event loop; must not block.
 */
@FunctionalInterface
public interface HandshakeValidator {
    /**
     * @param sid     the claimed (inbound) or dialed (outbound) sid
     * @param channel the channel, for its TLS session
     * @throws HandshakeException with the reason when the sid is not admitted
     */
    void admit(long sid, Channel channel);
}
