package dev.ballot.server.quorum;

import dev.ballot.core.LearnerType;
import io.netty.channel.EventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Leader and follower roles over real loopback TCP, with in-memory epoch files. */
class RolesOverLoopbackTest {
    private static final Duration TICK = Duration.ofMillis(100);

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
            this.ctx = new RoleContext(sid, Ensembles.majority(3, 0), TICK, TICK.multipliedBy(20), TICK.multipliedBy(5),
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
            FollowerRole f = new FollowerRole(ctx, this, l.sid, l.listener.localAddress(), LearnerType.PARTICIPANT);
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
        assertTrue(System.nanoTime() - t0 < TICK.multipliedBy(5).toNanos(), "faster than syncLimit*tickTime");
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
}
