package dev.ballot.leadership.quorum;

import dev.ballot.core.Reasons;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * Runs a {@link LeaderSession} on the peer's event loop: takes learner channels from the
 * {@link QuorumListener}, ticks every {@code tickTime / 2}, writes epochs off the loop and hops back,
 * and reports establishment and the end to a {@link RoleListener}.
 *
 * <p>Not thread-safe: every method must be called on {@link RoleContext#loop()}.
 */
public final class LeaderRole implements QuorumListener.LearnerSink, ActionRunner.Wire {
    private static final Logger LOG = LoggerFactory.getLogger(LeaderRole.class);

    private final RoleContext ctx;
    private final RoleListener listener;
    private final LeaderSession session;
    private final LearnerConnections<Channel> channels = new LearnerConnections<>();
    private final ActionRunner runner;

    /**
     * @param ctx      the peer's role context
     * @param floor    the peer's {@link EpochFloor}, kept across its leader roles
     * @param listener hears establishment and the end
     */
    public LeaderRole(RoleContext ctx, EpochFloor floor, RoleListener listener) {
        this.ctx = ctx;
        this.listener = listener;
        this.session = new LeaderSession(ctx.mySid(), ctx.quorum(), ctx.epochs().read(), floor, ctx.initTimeout(),
                ctx.syncTimeout(), ctx.now());
        this.runner = new ActionRunner(ctx.scheduler(), ctx.heartbeat(), ctx.epochs(), session, listener,
                session::deadline, () -> session.onDeadline(ctx.now()), this);
    }

    /** Starts ticking; a one-voter ensemble establishes at once. */
    public void start() {
        runner.startTicking(() -> session.onTick(ctx.now()));
        run(session.start());
    }

    /** The session's phase, for status. */
    public LeaderSession.Phase phase() {
        return session.phase();
    }

    /** The learners currently connected. */
    public java.util.Set<Long> learners() {
        return session.learners();
    }

    /** Ends the role: learners are told the leader leaves, connections close; the listener hears onAbandoned. */
    public void leave(String reason) {
        run(session.leave(reason));
    }

    @Override
    public void accept(Channel ch, QuorumMessage.Hello hello) {
        run(channels.hello(ch, hello, session, runner.ended(), ctx.now(), io));
    }

    /** How {@link LearnerConnections} answers and closes on Netty channels. */
    private final LearnerConnections.Io<Channel> io = new LearnerConnections.Io<>() {
        @Override
        public void notLeading(Channel ch) {
            QuorumListener.notLeading(ch, ctx.mySid());
        }

        @Override
        public void refuse(Channel ch, QuorumMessage.Hello hello, String reason, boolean steppingDown) {
            LOG.warn("{}: refusing learner {} at {}: {}{}", ctx.mySid(), hello.sid(), ch.remoteAddress(), reason,
                    steppingDown ? "; stepping down, so that the next epoch exceeds " + hello.acceptedEpoch() : "");
            QuorumListener.refuse(ch, reason);
        }

        @Override
        public void replaced(long sid, Channel old, Channel ch) {
            LOG.info("{}: learner {} reconnected from {}, closing its previous connection", ctx.mySid(), sid,
                    ch.remoteAddress() instanceof java.net.InetSocketAddress a ? dev.ballot.core.LogText.hostPort(a) : ch.remoteAddress());
            old.close();
        }

        @Override
        public void admitted(long sid, Channel ch) {
            ch.pipeline().addLast(QuorumFrameCodec.HANDLER, new LearnerHandler(sid));
            listener.onPeerConnected(sid, ch.remoteAddress());
        }
    };

    private void run(List<Action> actions) {
        runner.run(actions);
    }

    @Override
    public void send(long sid, QuorumMessage message) {
        Channel ch = channels.get(sid);
        if (ch != null) {
            ch.writeAndFlush(message, ch.voidPromise());
        }
    }

    @Override
    public void close(long sid, String reason) {
        Channel ch = channels.remove(sid);
        if (ch != null) {
            LOG.debug("{}: closing learner {}: {}", ctx.mySid(), sid, reason);
            ch.close(); // flushed writes are already in the socket: messages are tiny
        }
    }

    @Override
    public void onEnd(String reason) {
        channels.closeAll(Channel::close);
    }

    /** The last handler of a learner's channel once it said hello. */
    private final class LearnerHandler extends SimpleChannelInboundHandler<QuorumMessage> {
        private final long sid;
        private boolean failed; // logged and closing

        LearnerHandler(long sid) {
            this.sid = sid;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext c, QuorumMessage msg) {
            if (!channels.current(sid, c.channel())) {
                return; // superseded connection
            }
            long now = ctx.now();
            if (msg instanceof QuorumMessage.AckEpoch ack) {
                run(session.onAck(sid, ack.epoch(), now));
            } else if (msg instanceof QuorumMessage.Pong) {
                run(session.onPong(sid, now));
            } else if (msg instanceof QuorumMessage.Ping) {
                LOG.debug("{}: ignoring a Ping from learner {}: it says nothing about when it heard us", ctx.mySid(), sid);
            } else {
                LOG.warn("{}: closing quorum connection from learner {} at {}: unexpected {}", ctx.mySid(), sid,
                        c.channel().remoteAddress(), msg.getClass().getSimpleName());
                c.close();
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext c) {
            if (channels.removeIfCurrent(sid, c.channel())) {
                listener.onPeerLost(sid, "connection closed");
                run(session.onDisconnected(sid, ctx.now()));
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
            LOG.warn("{}: closing quorum connection from learner {} at {}: {}", ctx.mySid(), sid,
                    c.channel().remoteAddress(), dev.ballot.core.LogText.escape(Reasons.of(cause)));
            LOG.debug("{}: quorum connection from learner {} failed", ctx.mySid(), sid, cause);
            c.close();
        }
    }
}
