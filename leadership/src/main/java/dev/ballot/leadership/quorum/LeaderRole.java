package dev.ballot.leadership.quorum;

import dev.ballot.core.Reasons;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
    private final Map<Long, Channel> channels = new HashMap<>(); // learner channels by sid
    private final ActionRunner runner;

    public LeaderRole(RoleContext ctx, RoleListener listener) {
        this.ctx = ctx;
        this.listener = listener;
        this.session = new LeaderSession(ctx.mySid(), ctx.quorum(), ctx.epochs().read(), ctx.initTimeout(),
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
        if (runner.ended()) {
            QuorumListener.notLeading(ch, ctx.mySid());
            return;
        }
        long sid = hello.sid();
        String refusal = session.refusal(hello);
        if (refusal != null) { // refused before it touches the learner's current connection, if any
            LOG.warn("{}: refusing learner {} at {}: {}", ctx.mySid(), sid, ch.remoteAddress(), refusal);
            QuorumListener.refuse(ch, refusal);
            return;
        }
        Channel old = channels.put(sid, ch);
        if (old != null && old != ch) {
            LOG.info("{}: learner {} reconnected from {}, closing its previous connection", ctx.mySid(), sid,
                    ch.remoteAddress() instanceof java.net.InetSocketAddress a ? dev.ballot.core.LogText.hostPort(a) : ch.remoteAddress());
            old.close();
        }
        ch.pipeline().addLast(QuorumFrameCodec.HANDLER, new LearnerHandler(sid));
        listener.onPeerConnected(sid, ch.remoteAddress());
        run(session.onHello(hello, ctx.now()));
    }

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
        channels.values().forEach(Channel::close);
        channels.clear();
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
            if (channels.get(sid) != c.channel()) {
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
            if (channels.get(sid) == c.channel()) {
                channels.remove(sid);
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
