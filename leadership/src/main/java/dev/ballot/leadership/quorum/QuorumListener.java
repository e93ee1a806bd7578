package dev.ballot.leadership.quorum;

import dev.ballot.core.LogText;
import dev.ballot.core.Reasons;
import dev.ballot.core.config.QuorumServer;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import dev.ballot.transport.netty.IoTransport;
import io.netty.util.ReferenceCountUtil;
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
 * there is none (the learner closes and retries: it may have decided before the leader did). A ZooKeeper
 * learner (Zab) is recognised by its first bytes, closed, and reported once ({@link ZooKeeperZab}).
 *
 * <p>Everything runs on the peer's event loop. {@link #bind} returns a future; nothing blocks.
 */
public final class QuorumListener {
    private static final Logger LOG = LoggerFactory.getLogger(QuorumListener.class);
    private static final String HELLO = "quorumHello";
    private static final String DISCARD = "quorumDiscard";

    /** Takes learner connections once they said hello. Called on the peer's event loop. */
    public interface LearnerSink {
        void accept(Channel ch, QuorumMessage.Hello hello);
    }

    private final RoleContext ctx;
    private final Supplier<Optional<LearnerSink>> sink;
    private final ZooKeeperZab zab;
    private Channel server;

    /**
     * @param ctx  the peer's role context
     * @param sink the current leader role, if this peer leads
     */
    public QuorumListener(RoleContext ctx, Supplier<Optional<LearnerSink>> sink) {
        this.ctx = ctx;
        this.sink = sink;
        this.zab = new ZooKeeperZab(LOG, ctx.mySid());
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
                        QuorumListener.this.initChannel(ch);
                    }
                });
        ChannelFuture f = b.bind(address);
        server = f.channel();
        return f;
    }

    /** Sets up an inbound connection's pipeline: framing, the codec, then the wait for HELLO. */
    void initChannel(Channel ch) {
        ch.pipeline().addLast(ZabLearnerProbe.NAME, new ZabLearnerProbe(zab));
        QuorumFrameCodec.addTo(ch.pipeline());
        ch.pipeline().addLast(HELLO, new HelloHandler());
    }

    /** The bound address, once {@link #bind} completed. */
    public InetSocketAddress localAddress() {
        return (InetSocketAddress) server.localAddress();
    }

    /** Closes the listening socket (learner channels belong to the leader role). */
    public ChannelFuture close() {
        return server.close();
    }

    /**
     * Sends {@link QuorumMessage.Reject} and closes {@code ch}. Whatever the peer sends meanwhile is dropped
     * silently: the refusal was its one log line.
     */
    static void refuse(Channel ch, String reason) {
        answerAndClose(ch, new QuorumMessage.Reject(reason));
    }

    /** Sends {@link QuorumMessage.NotLeading} and closes {@code ch}, dropping whatever else arrives. */
    static void notLeading(Channel ch, long mySid) {
        answerAndClose(ch, new QuorumMessage.NotLeading(mySid));
    }

    private static void answerAndClose(Channel ch, QuorumMessage answer) {
        if (ch.pipeline().get(DISCARD) == null) {
            ch.pipeline().addLast(DISCARD, Discard.INSTANCE);
        }
        ch.writeAndFlush(answer).addListener(ChannelFutureListener.CLOSE);
    }

    /**
     * The end of a connection that is being closed: drops every further message and swallows decode errors, so
     * no input reaches the end of the pipeline (where Netty would log it with a stack trace).
     */
    @ChannelHandler.Sharable
    static final class Discard extends ChannelInboundHandlerAdapter {
        static final Discard INSTANCE = new Discard();

        @Override
        public void channelRead(ChannelHandlerContext c, Object msg) {
            ReferenceCountUtil.release(msg);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext c, Throwable cause) {
            LOG.debug("closing quorum connection {}: after its refusal: {}", c.channel(), LogText.lazy(cause.getMessage()));
            c.close();
        }
    }

    /** Waits for the first message, which must be a valid Hello, then hands the channel over. */
    private final class HelloHandler extends SimpleChannelInboundHandler<QuorumMessage> {
        private ScheduledFuture<?> timeout;
        private boolean failed; // already logged and closing

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
            if (failed) {
                return;
            }
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
                notLeading(c.channel(), ctx.mySid());
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

        /** One WARN per bad connection, however many bad frames its last read held. */
        private void fail(ChannelHandlerContext c, String reason) {
            if (!failed) {
                failed = true;
                LOG.warn("{}: closing quorum connection from {}: {}", ctx.mySid(), c.channel().remoteAddress(),
                        LogText.escape(reason));
            }
            c.close();
        }
    }
}
