package dev.ballot.leadership.quorum;

import dev.ballot.core.Reasons;
import dev.ballot.core.LearnerType;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import dev.ballot.transport.netty.IoTransport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Runs a {@link FollowerSession} on the peer's event loop: dials the leader's quorum address
 * (resolved off the loop, retried with {@link Backoff#DIAL} within {@code initLimit * tickTime}),
 * answers heartbeats, writes epochs off the loop and hops back, and reports establishment and the
 * end to a {@link RoleListener}. Used for followers and observers.
 *
 * <p>Not thread-safe: every method must be called on {@link RoleContext#loop()}.
 */
public final class FollowerRole implements ActionRunner.Wire {
    private static final Logger LOG = LoggerFactory.getLogger(FollowerRole.class);

    private final RoleContext ctx;
    private final RoleListener listener;
    private final FollowerSession session;
    private final InetSocketAddress leaderAddress; // unresolved, as configured
    private Channel channel;
    private final ActionRunner runner;
    /** Whether the leader ever sent a message on any of our connections. */
    private boolean heard;
    /** The remote address of the first connection the leader accepted, or null. */
    private java.net.SocketAddress acceptedAt;
    private long acceptedNanos;
    private int dialFailures;                      // consecutive failed connection attempts
    private Channel redialing;                     // a second connection being dialled (Action.Redial), or null
    private Channel retired;                       // the connection a redial replaced, until the new one is heard

    /**
     * @param leaderSid     the elected leader
     * @param leaderAddress its quorum address from this peer's configuration (may be unresolved)
     * @param type          participant (follower) or observer
     */
    public FollowerRole(RoleContext ctx, RoleListener listener, long leaderSid, InetSocketAddress leaderAddress,
                        LearnerType type) {
        this.ctx = ctx;
        this.listener = listener;
        this.leaderAddress = leaderAddress;
        this.session = new FollowerSession(ctx.mySid(), leaderSid, type, ctx.epochs().read(), ctx.initTimeout(),
                ctx.syncTimeout(), ctx.now());
        this.runner = new ActionRunner(ctx.scheduler(), ctx.heartbeat(), ctx.epochs(), session, listener,
                session::deadline, () -> session.onDeadline(ctx.now()), this);
    }

    /** Starts dialing the leader and ticking. */
    public void start() {
        runner.startTicking(() -> session.onTick(ctx.now()));
        runner.armDeadline();
        connect();
    }

    public FollowerSession.Phase phase() {
        return session.phase();
    }

    public long leaderSid() {
        return session.leaderSid();
    }

    /** Ends the role from this side (shutdown); the listener hears onAbandoned. */
    public void leave(String reason) {
        run(session.leave(reason));
    }

    private void connect() {
        CompletableFuture.supplyAsync(this::resolve, ctx.blocking()).whenCompleteAsync((addr, err) -> {
            if (runner.ended()) {
                return;
            }
            if (err != null) {
                connectFailed("cannot resolve host name " + leaderAddress.getHostString() + " (name resolution failed)");
                return;
            }
            dial(addr);
        }, ctx.loop());
    }

    private InetSocketAddress resolve() {
        InetSocketAddress a = new InetSocketAddress(leaderAddress.getHostString(), leaderAddress.getPort());
        if (a.isUnresolved()) {
            throw new IllegalArgumentException("unknown host");
        }
        return a;
    }

    private Bootstrap bootstrap(java.time.Duration connectTimeout) {
        return new Bootstrap().group(ctx.loop()).channel(IoTransport.of(ctx.loop().parent()).socket())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.max(1, connectTimeout.toMillis()))
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        QuorumFrameCodec.addTo(ch.pipeline());
                        ch.pipeline().addLast(QuorumFrameCodec.HANDLER, new LeaderHandler());
                    }
                });
    }

    private void dial(InetSocketAddress addr) {
        ChannelFuture f = bootstrap(ctx.initTimeout()).connect(addr);
        channel = f.channel();
        f.addListener((ChannelFuture cf) -> {
            if (!cf.isSuccess() && refused(cf.cause())) {
                LOG.debug("{}: connection to leader {} at {} refused", ctx.mySid(), session.leaderSid(), leaderAddress);
                run(session.onConnectRefused(Reasons.of(cf.cause())));
            } else if (!cf.isSuccess()) {
                connectFailed(Reasons.of(cf.cause()));
            } else if (runner.ended()) {
                cf.channel().close();
            } else {
                if (acceptedAt == null) {
                    acceptedAt = cf.channel().remoteAddress();
                    acceptedNanos = ctx.now();
                }
                listener.onPeerConnected(session.leaderSid(), cf.channel().remoteAddress());
                run(session.onConnected(ctx.now()));
            }
        });
    }

    /** A reset answered the dial (not a timeout, not a routing or name failure). */
    static boolean refused(Throwable cause) {
        return cause instanceof java.net.ConnectException && !(cause instanceof io.netty.channel.ConnectTimeoutException);
    }

    private void connectFailed(String why) {
        LOG.debug("{}: connection to leader {} at {} failed: {}", ctx.mySid(), session.leaderSid(), leaderAddress, why);
        long now = ctx.now();
        if (session.shouldRetryConnect(now)) {
            long delay = Backoff.DIAL.delayNanos(++dialFailures, ThreadLocalRandom.current().nextDouble());
            ctx.loop().schedule(() -> {
                if (!runner.ended()) {
                    connect();
                }
            }, delay, TimeUnit.NANOSECONDS);
        }
        run(session.onDisconnected(why, now));
    }

    private void run(List<Action> actions) {
        runner.run(actions);
    }

    @Override
    public void send(long sid, QuorumMessage message) {
        if (channel != null && channel.isActive()) {
            channel.writeAndFlush(message, channel.voidPromise());
        }
    }

    @Override
    public void close(long sid, String reason) {
        if (channel != null) {
            LOG.debug("{}: closing connection to leader {}: {}", ctx.mySid(), sid, reason);
            channel.close();
        }
    }

    /**
     * {@link Action.Redial}: the established session heard nothing for half its deadline. A second connection to
     * the same leader; once it is up, Hello goes out on it and the session hears only it (the leader replaces the
     * learner's old connection when it validates that Hello). The old one is closed once the new one is heard, or
     * when the role ends, never before: closing first would make the leader drop this learner while the Hello is on
     * its way. If the new one does not come up before the deadline, nothing changed: the deadline ends the role.
     */
    @Override
    public void redial(long sid) {
        if (redialing != null || channel == null) {
            return;
        }
        SocketAddress to = channel.remoteAddress();
        if (!(to instanceof InetSocketAddress addr)) {
            return;
        }
        LOG.debug("{}: nothing from leader {} for half of syncLimit*tickTime: a second connection", ctx.mySid(), sid);
        ChannelFuture f = bootstrap(ctx.syncTimeout().dividedBy(2)).connect(addr);
        redialing = f.channel();
        f.addListener((ChannelFuture cf) -> {
            redialing = null;
            if (!cf.isSuccess()) {
                LOG.debug("{}: second connection to leader {} failed: {}", ctx.mySid(), sid, Reasons.of(cf.cause()));
            } else if (runner.ended() || session.phase() != FollowerSession.Phase.ESTABLISHED) {
                cf.channel().close();
            } else {
                retired = channel;
                channel = cf.channel(); // from now on the old channel's events are not the session's
                run(session.onRedialed());
            }
        });
    }

    @Override
    public void onEnd(String reason) {
        if (redialing != null) {
            redialing.close();
        }
        if (retired != null) {
            retired.close();
        }
        if (!heard && acceptedAt != null && ctx.now() - acceptedNanos >= ctx.initTimeout().toNanos() / 2) {
            listener.onLeaderSilent(session.leaderSid(), acceptedAt);
        }
    }

    /** The last handler of the channel to the leader. */
    private final class LeaderHandler extends SimpleChannelInboundHandler<QuorumMessage> {
        private boolean failed; // logged and closing
        @Override
        protected void channelRead0(ChannelHandlerContext c, QuorumMessage msg) {
            if (c.channel() != channel) {
                return; // a connection replaced by a redial: its Pongs would answer pings the leader no longer counts
            }
            if (retired != null) {
                retired.close();
                retired = null;
            }
            heard = true;
            run(session.onMessage(msg, ctx.now()));
        }

        @Override
        public void channelInactive(ChannelHandlerContext c) {
            if (c.channel() == channel && !runner.ended()) {
                if (session.phase() == FollowerSession.Phase.CONNECTING) {
                    connectFailed("leader not ready");
                } else {
                    listener.onPeerLost(session.leaderSid(), "connection closed");
                    run(session.onDisconnected("connection closed", ctx.now()));
                }
            }
            c.fireChannelInactive();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext c, Throwable cause) {
            if (failed) { // already logged: the rest of a bad read
                return;
            }
            failed = true;
            if (cause instanceof java.io.IOException) { // a reset or broken pipe: the loss itself is reported once
                LOG.debug("{}: quorum connection {}: {}", ctx.mySid(), c.channel(), cause.toString());
                c.close();
                return;
            }
            LOG.warn("{}: closing quorum connection to leader {} at {}: {}", ctx.mySid(), session.leaderSid(),
                    c.channel().remoteAddress(), dev.ballot.core.LogText.escape(Reasons.of(cause)));
            LOG.debug("{}: quorum connection to the leader failed", ctx.mySid(), cause);
            c.close();
        }
    }
}
