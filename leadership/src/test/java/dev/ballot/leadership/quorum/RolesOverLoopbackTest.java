package dev.ballot.leadership.quorum;

import dev.ballot.core.LearnerType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.EventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Leader and follower roles over real loopback TCP, with in-memory epoch files. */
class RolesOverLoopbackTest {
    /** The refusals of the hostile-listener test are asserted there, not printed. */
    @RegisterExtension
    final dev.ballot.core.testing.LogCapture logs = dev.ballot.core.testing.LogCapture.of(QuorumListener.class);
    private static final Duration TICK = Duration.ofMillis(200);
    /** syncLimit*tickTime: generous, so that a loaded machine does not end roles by silence. */
    private static final Duration SYNC = TICK.multipliedBy(10);

    private MultiThreadIoEventLoopGroup group;
    private ExecutorService io;
    private final Map<Long, Node> nodes = new HashMap<>();

    /** One peer: its loop, epochs, listener and current leader role. */
    private final class Node implements RoleListener {
        final long sid;
        final EventLoop loop;
        final MemoryEpochs epochs = new MemoryEpochs(io, 0, 0);
        final RoleContext ctx;
        final QuorumListener listener;
        volatile LeaderRole leader;
        final CompletableFuture<Long> established = new CompletableFuture<>();
        final CompletableFuture<String> abandoned = new CompletableFuture<>();

        Node(long sid) {
            this.sid = sid;
            this.loop = group.next();
            this.ctx = new RoleContext(sid, Ensembles.majority(3, 0), TICK, TICK.multipliedBy(25), SYNC,
                    loop, epochs, io, System::nanoTime);
            this.listener = new QuorumListener(ctx, () -> Optional.ofNullable(leader));
            listener.bind(new InetSocketAddress("127.0.0.1", 0)).syncUninterruptibly();
        }

        void lead() {
            loop.execute(() -> {
                leader = new LeaderRole(ctx, this);
                leader.start();
            });
        }

        FollowerRole follow(Node l) {
            return follow(l, this);
        }

        /** A learner role reporting to {@code to} (a fresh {@link Probe} for a second role of the same peer). */
        FollowerRole follow(Node l, RoleListener to) {
            FollowerRole f = new FollowerRole(ctx, to, l.sid, l.listener.localAddress(), LearnerType.PARTICIPANT);
            loop.execute(f::start);
            return f;
        }

        @Override
        public void onEstablished(long epoch) {
            established.complete(epoch);
        }

        @Override
        public void onAbandoned(String reason) {
            abandoned.complete(reason);
        }

        /** Learners that joined this node's leader role, one entry per accepted Hello. */
        final java.util.List<Long> joined = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Override
        public void onPeerConnected(long sid, java.net.SocketAddress address) {
            if (leader != null) {
                joined.add(sid);
            }
        }
    }

    /** What one role reported. */
    private static final class Probe implements RoleListener {
        final CompletableFuture<Long> established = new CompletableFuture<>();
        final CompletableFuture<String> abandoned = new CompletableFuture<>();

        @Override
        public void onEstablished(long epoch) {
            established.complete(epoch);
        }

        @Override
        public void onAbandoned(String reason) {
            abandoned.complete(reason);
        }
    }

    @BeforeEach
    void setUp() {
        group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        io = Executors.newSingleThreadExecutor();
        for (long sid = 1; sid <= 3; sid++) {
            nodes.put(sid, new Node(sid));
        }
    }

    @AfterEach
    void tearDown() {
        nodes.values().forEach(n -> n.listener.close().syncUninterruptibly());
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        io.shutdownNow();
    }

    private static <T> T await(CompletableFuture<T> f) throws Exception {
        return f.get(10, TimeUnit.SECONDS);
    }

    @Test
    void followersThatDialBeforeTheLeaderLeads_retryAndEstablishOneEpoch() throws Exception {
        Node l = nodes.get(1L);
        nodes.get(2L).follow(l);
        nodes.get(3L).follow(l);
        l.lead(); // after the followers dialed: they got NotLeading and retried
        assertEquals(1L, await(l.established));
        assertEquals(1L, await(nodes.get(2L).established));
        assertEquals(1L, await(nodes.get(3L).established));
        for (Node n : nodes.values()) {
            assertEquals(new EpochState(1, 1, 1L << 32), n.epochs.read(), "sid " + n.sid);
        }
    }

    @Test
    void leaderNotRunning_theRefusedDialEndsTheRole_insteadOfRetryingUntilInitLimit() throws Exception {
        // bench servers: a late follower decided for a leader killed 7 ms earlier, then dialled it for 20 s
        Node l = nodes.get(1L);
        InetSocketAddress gone = l.listener.localAddress();
        l.listener.close().syncUninterruptibly(); // nothing listens on its quorum port any more
        Node f = nodes.get(2L);
        FollowerRole role = new FollowerRole(f.ctx, f, l.sid, gone, LearnerType.PARTICIPANT);
        f.loop.execute(role::start);
        String reason = await(f.abandoned);
        assertTrue(reason.contains("leader 1 refused the connection (it is not running)"), reason);
    }

    @Test
    void establishedFollowerWhoseConnectionStalls_dialsASecondOne_andStaysEstablished() throws Exception {
        // 20 % loss: one TCP connection stalled in retransmission back-off for 2.5 s while the leader was fine.
        // A scripted leader goes quiet on the first connection (open, nothing sent) and answers on the second.
        java.util.List<Channel> conns = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.List<QuorumMessage.Hello> hellos = new java.util.concurrent.CopyOnWriteArrayList<>();
        CompletableFuture<Void> firstClosed = new CompletableFuture<>();
        EventLoop loop = group.next();
        Channel server = new ServerBootstrap().group(loop, loop)
                .channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        QuorumFrameCodec.addTo(ch.pipeline());
                        ch.pipeline().addLast(new SimpleChannelInboundHandler<QuorumMessage>() {
                            @Override
                            public void channelActive(ChannelHandlerContext c) {
                                conns.add(c.channel());
                                if (conns.size() == 1) {
                                    c.channel().closeFuture().addListener(x -> firstClosed.complete(null));
                                }
                            }

                            @Override
                            protected void channelRead0(ChannelHandlerContext c, QuorumMessage m) {
                                if (m instanceof QuorumMessage.Hello h) {
                                    hellos.add(h);
                                    c.writeAndFlush(new QuorumMessage.NewEpoch(1));
                                } else if (m instanceof QuorumMessage.AckEpoch) {
                                    c.writeAndFlush(new QuorumMessage.Established(1));
                                    if (conns.size() > 1) { // the second connection: ping on it from now on
                                        c.executor().scheduleAtFixedRate(() -> c.writeAndFlush(new QuorumMessage.Ping(1)),
                                                50, 100, TimeUnit.MILLISECONDS);
                                    }
                                }
                            }
                        });
                    }
                }).bind(new InetSocketAddress("127.0.0.1", 0)).syncUninterruptibly().channel();
        try {
            Node f = nodes.get(2L);
            FollowerRole role = new FollowerRole(f.ctx, f, 1, (InetSocketAddress) server.localAddress(),
                    LearnerType.PARTICIPANT);
            f.loop.execute(role::start);
            assertEquals(1L, await(f.established));
            firstClosed.get(SYNC.toMillis() * 2, TimeUnit.MILLISECONDS); // replaced after half of syncLimit*tickTime
            assertEquals(2, hellos.size(), "a Hello on each connection");
            assertEquals(List.of(1L, 1L), List.of(hellos.get(1).acceptedEpoch(), hellos.get(1).currentEpoch()),
                    "the second Hello rejoins with the established epoch");
            assertThrows(java.util.concurrent.TimeoutException.class, // a whole syncLimit*tickTime more: nothing ends it
                    () -> f.abandoned.get(SYNC.toMillis(), TimeUnit.MILLISECONDS));
            assertEquals(new EpochState(1, 1, 1L << 32), f.epochs.read());
        } finally {
            server.close().syncUninterruptibly();
            conns.forEach(Channel::close);
        }
    }

    @Test
    void aRedialUnderARealLeader_replacesTheConnection_andNobodysRoleEnds() throws Exception {
        Node l = nodes.get(1L);
        l.lead();
        Node f = nodes.get(2L);
        FollowerRole role = f.follow(l);
        nodes.get(3L).follow(l);
        assertEquals(1L, await(l.established));
        assertEquals(1L, await(f.established));
        f.loop.execute(() -> role.redial(1));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (l.joined.stream().filter(s -> s == 2L).count() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(10); // a polling assertion with a deadline
        }
        assertEquals(2, l.joined.stream().filter(s -> s == 2L).count(), "the leader accepted the second Hello");
        assertThrows(java.util.concurrent.TimeoutException.class,
                () -> f.abandoned.get(SYNC.toMillis(), TimeUnit.MILLISECONDS), "the follower stays");
        assertTrue(!l.abandoned.isDone(), "the leader stays");
        assertEquals(new EpochState(1, 1, 1L << 32), f.epochs.read(), "no new epoch");
    }

    @Test
    void leaderLeaving_sendsEveryFollowerBackToLookingAtOnce() throws Exception {
        Node l = nodes.get(1L);
        l.lead();
        nodes.get(2L).follow(l);
        nodes.get(3L).follow(l);
        await(nodes.get(2L).established);
        await(nodes.get(3L).established);
        long t0 = System.nanoTime();
        l.loop.execute(() -> l.leader.leave("shutting down"));
        assertTrue(await(nodes.get(2L).abandoned).contains("leaving: shutting down"));
        assertTrue(await(nodes.get(3L).abandoned).contains("leaving: shutting down"));
        assertTrue(System.nanoTime() - t0 < SYNC.toNanos(), "told at once, not found out by silence");
    }

    @Test
    void oneFollowerLost_leaderStaysEstablished_bothLost_leaderStepsDown() throws Exception {
        Node l = nodes.get(1L);
        l.lead();
        FollowerRole f2 = nodes.get(2L).follow(l);
        FollowerRole f3 = nodes.get(3L).follow(l);
        await(nodes.get(2L).established);
        await(nodes.get(3L).established);
        nodes.get(3L).loop.execute(() -> f3.leave("test stops follower 3"));
        await(nodes.get(3L).abandoned);
        nodes.get(2L).loop.execute(() -> { }); // keep 2 alive; leader must not step down on one loss
        assertEquals(LeaderSession.Phase.ESTABLISHED,
                l.loop.submit(() -> l.leader.phase()).get(5, TimeUnit.SECONDS));
        nodes.get(2L).loop.execute(() -> f2.leave("test stops follower 2"));
        assertTrue(await(l.abandoned).contains("lost quorum"), l.abandoned.toString());
    }

    @Test
    void followerRestartedUnderALiveLeader_rejoinsItWithinOneSecond() throws Exception {
        // issue 10: a follower that restarts (its epochs now hold the established epoch) was refused as "ahead"
        Node l = nodes.get(1L);
        l.lead();
        FollowerRole f2 = nodes.get(2L).follow(l);
        nodes.get(3L).follow(l);
        assertEquals(1L, await(nodes.get(2L).established));
        await(nodes.get(3L).established);
        nodes.get(2L).loop.execute(() -> f2.leave("restart"));
        await(nodes.get(2L).abandoned);
        assertEquals(new EpochState(1, 1, 1L << 32), nodes.get(2L).epochs.read());
        Probe again = new Probe();
        long t0 = System.nanoTime();
        nodes.get(2L).follow(l, again);
        assertEquals(1L, again.established.get(1, TimeUnit.SECONDS), "rejoined the same leader under the same epoch");
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(1));
        assertEquals(List.of(2L, 3L), l.loop.submit(() -> List.copyOf(l.leader.learners())).get(5, TimeUnit.SECONDS));
        assertTrue(l.abandoned.isDone() == false, "the leader stayed established");
    }

    @Test
    void followerReconnectingWhileItsOldConnectionLooksAlive_replacesIt() throws Exception {
        // a cut longer than syncLimit*tickTime or a one-way drop: the learner gave up, the leader still has its old channel
        Node l = nodes.get(1L);
        l.lead();
        nodes.get(2L).follow(l);
        nodes.get(3L).follow(l);
        await(nodes.get(2L).established);
        await(nodes.get(3L).established);
        Probe second = new Probe();
        nodes.get(2L).follow(l, second);
        assertEquals(1L, second.established.get(1, TimeUnit.SECONDS));
        assertTrue(await(nodes.get(2L).abandoned).contains("lost"), "the superseded connection ended the old role");
        assertTrue(l.abandoned.isDone() == false, "the leader stayed established");
    }

    /** Writes one frame to a raw socket on peer 1's quorum port; returns the decoded answer, or null at EOF. */
    private QuorumMessage exchange(byte[] payload) throws Exception {
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", nodes.get(1L).listener.localAddress().getPort())) {
            s.setSoTimeout(10_000);
            java.io.DataOutputStream out = new java.io.DataOutputStream(s.getOutputStream());
            out.writeInt(payload.length);
            out.write(payload);
            out.flush();
            java.io.DataInputStream in = new java.io.DataInputStream(s.getInputStream());
            int len;
            try {
                len = in.readInt();
            } catch (java.io.EOFException e) {
                return null;
            }
            byte[] answer = in.readNBytes(len);
            assertEquals(-1, in.read(), "the peer closes after answering");
            ByteBuf b = Unpooled.wrappedBuffer(answer);
            try {
                return QuorumMessageCodec.decode(b);
            } finally {
                b.release();
            }
        }
    }

    private static byte[] bytes(QuorumMessage m) {
        ByteBuf b = QuorumMessageCodec.encode(ByteBufAllocator.DEFAULT, m);
        try {
            return ByteBufUtil.getBytes(b);
        } finally {
            b.release();
        }
    }

    @Test
    void listener_refusesUnknownSids_answersNotLeading_andClosesOnGarbage() throws Exception {
        QuorumMessage unknown = exchange(bytes(new QuorumMessage.Hello(9, LearnerType.PARTICIPANT, 0, 0, 0)));
        assertTrue(unknown instanceof QuorumMessage.Reject r && r.reason().contains("sid 9 is not in"), String.valueOf(unknown));
        QuorumMessage wrongType = exchange(bytes(new QuorumMessage.Hello(2, LearnerType.OBSERVER, 0, 0, 0)));
        assertTrue(wrongType instanceof QuorumMessage.Reject r && r.reason().contains("configured as participant"),
                String.valueOf(wrongType));
        assertEquals(new QuorumMessage.NotLeading(1), exchange(bytes(new QuorumMessage.Hello(2, LearnerType.PARTICIPANT, 0, 0, 0))));
        assertEquals(null, exchange(new byte[] {7, 7, 7}), "garbage: closed without an answer");
        assertEquals(null, exchange(bytes(new QuorumMessage.Ping(1))), "no HELLO first: closed");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (logs.messages(dev.ballot.core.testing.LogCapture.WARN).size() < 4) { // polling with a deadline
            assertTrue(System.nanoTime() < deadline, logs.toString());
            TimeUnit.MILLISECONDS.sleep(10);
        }
        for (String reason : new String[] {"sid 9 is not in this peer's configuration", "configured as participant",
                "unsupported protocol version 7", "first message is Ping, not HELLO"}) {
            assertEquals(1, logs.count(dev.ballot.core.testing.LogCapture.WARN, reason), reason + ": " + logs);
        }
    }
}
