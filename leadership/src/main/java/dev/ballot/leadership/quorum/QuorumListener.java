package dev.ballot.leadership.quorum;

import dev.ballot.core.Reasons;
import dev.ballot.core.config.QuorumServer;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import dev.ballot.transport.netty.IoTransport;
import io.netty.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The quorum-port listener. It is bound for the peer's whole life, so a learner that dials a peer
 * which is not (yet, or any longer) leading gets a clear {@link QuorumMessage.Reject} rather than a
 * refused connection. Each inbound connection must say {@link QuorumMessage.Hello} within
 * {@code initLimit * tickTime}, from a configured sid other than ours; then it is handed to the
 * current {@link LearnerSink} (the leader role), or answered {@link QuorumMessage.NotLeading} when
 * there is none (the learner closes and retries: it may have decided before the leader did).
 *
 * <p>Everything runs on the peer's event loop. {@link #bind} returns a future; nothing blocks.
 */
public final class QuorumListener {
    private static final Logger LOG = LoggerFactory.getLogger(QuorumListener.class);
    private static final String HELLO = "quorumHello";

    /** Takes learner connections once they said hello. Called on the peer's event loop. */
    public interface LearnerSink {
        void accept(Channel ch, QuorumMessage.Hello hello);
    }

    private final RoleContext ctx;
    private final Supplier<Optional<LearnerSink>> sink;
    private Channel server;

    /**
     * @param ctx  the peer's role context
     * @param sink the current leader role, if this peer leads
     */
    public QuorumListener(RoleContext ctx, Supplier<Optional<LearnerSink>> sink) {
        this.ctx = ctx;
        this.sink = sink;
    }

    /** Binds {@code address} (resolved) on the peer's event loop. */
    public ChannelFuture bind(InetSocketAddress address) {
        ServerBootstrap b = new ServerBootstrap()
                .group(ctx.loop(), ctx.loop())
                .channel(IoTransport.of(ctx.loop().parent()).server())
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        QuorumFrameCodec.addTo(ch.pipeline());
                        ch.pipeline().addLast(HELLO, new HelloHandler());
                    }
                });
        ChannelFuture f = b.bind(address);
        server = f.channel();
        return f;
    }

    /** The bound address, once {@link #bind} completed. */
    public InetSocketAddress localAddress() {
        return (InetSocketAddress) server.localAddress();
    }

    /** Closes the listening socket (learner channels belong to the leader role). */
    public ChannelFuture close() {
        return server.close();
    }

    /** Sends {@link QuorumMessage.Reject} and closes {@code ch}. */
    static void refuse(Channel ch, String reason) {
        ch.writeAndFlush(new QuorumMessage.Reject(reason)).addListener(ChannelFutureListener.CLOSE);
    }

    /** Waits for the first message, which must be a valid Hello, then hands the channel over. */
    private final class HelloHandler extends SimpleChannelInboundHandler<QuorumMessage> {
        private ScheduledFuture<?> timeout;

        @Override
        public void handlerAdded(ChannelHandlerContext c) {
            timeout = c.executor().schedule(() -> fail(c, "no HELLO within initLimit*tickTime"),
                    ctx.initTimeout().toNanos(), TimeUnit.NANOSECONDS);
        }

        @Override
        public void handlerRemoved(ChannelHandlerContext c) {
            if (timeout != null) {
                timeout.cancel(false);
            }
        }

        @Override
        protected void channelRead0(ChannelHandlerContext c, QuorumMessage msg) {
            if (!(msg instanceof QuorumMessage.Hello hello)) {
                fail(c, "first message is " + msg.getClass().getSimpleName() + ", not HELLO");
                return;
            }
            String problem = check(hello);
            if (problem != null) {
                LOG.warn("{}: refusing quorum connection from {}: {}", ctx.mySid(), c.channel().remoteAddress(), problem);
                c.pipeline().remove(this);
                refuse(c.channel(), problem);
                return;
            }
            c.pipeline().remove(this);
            Optional<LearnerSink> leader = sink.get();
            if (leader.isEmpty()) {
                LOG.debug("{}: refusing learner {}: not leading", ctx.mySid(), hello.sid());
                c.channel().writeAndFlush(new QuorumMessage.NotLeading(ctx.mySid())).addListener(ChannelFutureListener.CLOSE);
            } else {
                leader.get().accept(c.channel(), hello);
            }
        }

        private String check(QuorumMessage.Hello hello) {
            QuorumServer member = ctx.quorum().allMembers().get(hello.sid());
            if (member == null) {
                return "sid " + hello.sid() + " is not in this peer's configuration";
            }
            if (hello.sid() == ctx.mySid()) {
                return "sid " + hello.sid() + " is this peer's own sid";
            }
            if (member.type() != hello.type()) {
                return "sid " + hello.sid() + " says it is " + hello.type().configWord() + " but is configured as "
                        + member.type().configWord();
            }
            return null;
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext c, Throwable cause) {
            LOG.debug("{}: quorum connection from {} failed", ctx.mySid(), c.channel().remoteAddress(), cause);
            fail(c, Reasons.of(cause));
        }

        private void fail(ChannelHandlerContext c, String reason) {
            LOG.warn("{}: closing quorum connection from {}: {}", ctx.mySid(), c.channel().remoteAddress(), reason);
            c.close();
        }
    }
}
