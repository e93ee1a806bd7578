/**
 * The channel handlers of a quorum connection, one concern each, assembled by {@link
 * dev.ballot.transport.netty.handler.PeerChannelInitializer} in the order of the design:
 *
 * <pre>
 * [SslHandler] → HandshakeDecoder | HandshakeInitiator → ConnectionArbiter → QuorumFrameDecoder → FrameDispatcher → ChannelErrorHandler
 *                                                         LengthFieldPrepender(4) (outbound)
 * </pre>
 *
 * <p>Stateful handlers are created per channel; the stateless ones are shared. Protocol errors are
 * {@link io.netty.handler.codec.DecoderException} subclasses; the tail {@code ChannelErrorHandler} logs
 * each bad channel once and closes it.
 */
package dev.ballot.transport.netty.handler;
