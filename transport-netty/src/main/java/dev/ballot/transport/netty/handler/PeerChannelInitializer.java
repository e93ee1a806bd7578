package dev.ballot.transport.netty.handler;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.LengthFieldPrepender;
import io.netty.handler.ssl.OptionalSslHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Builds the pipeline of every quorum connection, in one place (convention 8):
 *
 * <pre>
 * head → [ssl] → handshake → arbiter → frameEncoder(out) → frameDecoder → dispatcher → errors → tail
 * </pre>
 *
 * <p>{@code handshake} is a {@code HandshakeDecoder} on accepted channels and a {@code
 * HandshakeInitiator} on dialed ones; both remove themselves, as does the arbiter once it keeps the
 * channel. The initiator writes its initial message from its own context, so the frame encoder never
 * touches it. With TLS, inbound channels get an {@link SslHandler} (or, with port unification, a
 * detector that installs one only for TLS clients).
 *
 * <p>Immutable and thread-safe; {@link #inbound()} and {@link #outbound(long)} return shareable
 * initializers.
 */
public final class PeerChannelInitializer {
    public static final String SSL = "ssl";
    public static final String HANDSHAKE = "handshake";
    public static final String ARBITER = "arbiter";
    public static final String FRAME_ENCODER = "frameEncoder";
    public static final String FRAME_DECODER = "frameDecoder";
    public static final String DISPATCHER = "dispatcher";
    public static final String ERRORS = "errors";
    /** Largest payload of one frame, 512 KiB (docs/protocol.md "2. Frames"). */
    public static final int MAX_FRAME_BYTES = QuorumFrameDecoder.MAX_FRAME_BYTES;

    private static final LengthFieldPrepender PREPENDER = new LengthFieldPrepender(4);

    private final ChannelHost host;
    private final HandshakeValidator validator;
    private final Duration handshakeTimeout;
    private final Function<ByteBufAllocator, ByteBuf> initialMessage;
    private final Optional<SslContext> serverTls;
    private final Optional<SslContext> clientTls;
    private final boolean portUnification;
    private final FrameDispatcher dispatcher;
    private final ChannelErrorHandler errors;
    private final AcceptErrorHandler acceptErrors;

    /**
     * @param host             receives kept channels, frames and errors
     * @param validator        admits sids (membership, own sid, TLS identity)
     * @param handshakeTimeout how long an accepted channel may take to deliver its initial message (TLS included)
     * @param initialMessage   encodes this peer's initial message into one buffer
     * @param serverTls        TLS context for accepted channels; empty for plaintext
     * @param clientTls        TLS context for dialed channels; empty for plaintext
     * @param portUnification  accept plaintext and TLS on the same port (needs {@code serverTls})
     */
    public PeerChannelInitializer(ChannelHost host, HandshakeValidator validator, Duration handshakeTimeout,
                                  Function<ByteBufAllocator, ByteBuf> initialMessage, Optional<SslContext> serverTls,
                                  Optional<SslContext> clientTls, boolean portUnification) {
        this.host = Objects.requireNonNull(host, "host");
        this.validator = Objects.requireNonNull(validator, "validator");
        this.handshakeTimeout = Objects.requireNonNull(handshakeTimeout, "handshakeTimeout");
        this.initialMessage = Objects.requireNonNull(initialMessage, "initialMessage");
        this.serverTls = Objects.requireNonNull(serverTls, "serverTls");
        this.clientTls = Objects.requireNonNull(clientTls, "clientTls");
        this.portUnification = portUnification;
        this.dispatcher = new FrameDispatcher(host);
        RejectionLog rejections = new RejectionLog(host.localSid(), RejectionLog.DEFAULT_WINDOW, System::nanoTime,
                org.slf4j.LoggerFactory.getLogger(ChannelErrorHandler.class)::warn);
        this.errors = new ChannelErrorHandler(host, rejections);
        this.acceptErrors = new AcceptErrorHandler(host.localSid(), rejections);
    }

    /** The handler of listening channels ({@code ServerBootstrap.handler}): accept failures, rate-limited. */
    public ChannelHandler acceptErrors() {
        return acceptErrors;
    }

    /** Writes the pending summaries of repeated rejections; call when the transport closes. */
    public void flushLogs() {
        errors.flush();
    }

    /** The initializer for accepted channels. */
    public ChannelHandler inbound() {
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                host.onChannelCreated(ch);
                ChannelPipeline p = ch.pipeline();
                serverTls.ifPresent(ctx -> p.addLast(SSL, portUnification ? optionalTls(ctx) : tlsHandler(ctx, ch)));
                p.addLast(HANDSHAKE, new HandshakeDecoder(validator, handshakeTimeout));
                addCommon(p);
            }
        };
    }

    /** The initializer for a channel dialed to {@code remoteSid}. */
    public ChannelHandler outbound(long remoteSid) {
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                host.onChannelCreated(ch);
                ChannelPipeline p = ch.pipeline();
                clientTls.ifPresent(ctx -> p.addLast(SSL, tlsHandler(ctx, ch)));
                p.addLast(HANDSHAKE, new HandshakeInitiator(remoteSid, initialMessage, validator, clientTls.isPresent()));
                addCommon(p);
            }
        };
    }

    private void addCommon(ChannelPipeline p) {
        p.addLast(ARBITER, new ConnectionArbiter(host));
        p.addLast(FRAME_ENCODER, PREPENDER);
        p.addLast(FRAME_DECODER, new QuorumFrameDecoder());
        p.addLast(DISPATCHER, dispatcher);
        p.addLast(ERRORS, errors);
    }

    private SslHandler tlsHandler(SslContext ctx, Channel ch) {
        SslHandler handler = ctx.newHandler(ch.alloc());
        handler.setHandshakeTimeoutMillis(handshakeTimeout.toMillis());
        return handler;
    }

    private ChannelHandler optionalTls(SslContext ctx) {
        return new OptionalSslHandler(ctx) {
            @Override
            protected SslHandler newSslHandler(ChannelHandlerContext context, SslContext sslContext) {
                return tlsHandler(sslContext, context.channel());
            }
        };
    }
}
