package dev.ballot.leadership.quorum;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ballot.core.LearnerType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.nio.NioIoHandler;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** A Ballot-native peer meeting ZooKeeper's Zab on its quorum port, from either side. */
class ZooKeeperZabTest {
    private static final Duration TICK = Duration.ofMillis(100);

    private MultiThreadIoEventLoopGroup group;
    private ExecutorService io;

    @BeforeEach
    void setUp() {
        group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        io = Executors.newCachedThreadPool();
    }

    @AfterEach
    void tearDown() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        io.shutdownNow();
    }

    /** ZooKeeper 3.9's first learner packet: jute QuorumPacket(type, zxid, data = LearnerInfo, authinfo = null). */
    private static ByteBuf zooKeeperLearnerPacket(int type) {
        ByteBuf b = Unpooled.buffer();
        b.writeInt(type).writeLong(0x100000000L); // type, zxid
        b.writeInt(20).writeLong(2).writeInt(0x10000).writeLong(0); // data: LearnerInfo(sid, protocol, configVersion)
        b.writeInt(-1); // authinfo: null vector
        return b;
    }

    @Test
    void zooKeeperFollowerAndObserverPacketsAreClosedAndReportedOnce() {
        ZooKeeperZab zab = new ZooKeeperZab(LoggerFactory.getLogger(ZooKeeperZabTest.class), 1);
        for (int type : new int[] {ZooKeeperZab.FOLLOWERINFO, ZooKeeperZab.OBSERVERINFO}) {
            EmbeddedChannel ch = new EmbeddedChannel(new ZabLearnerProbe(zab));
            ch.writeInbound(zooKeeperLearnerPacket(type));
            assertFalse(ch.isOpen(), "closed: type " + type);
            assertTrue(ch.inboundMessages().isEmpty(), "nothing reaches Ballot's frame decoder");
        }
        assertEquals(2, zab.reported("learner"));
    }

    @Test
    void ballotHelloPassesThroughByteForByteEvenWhenSplit() {
        ZooKeeperZab zab = new ZooKeeperZab(LoggerFactory.getLogger(ZooKeeperZabTest.class), 1);
        EmbeddedChannel ch = new EmbeddedChannel(new ZabLearnerProbe(zab));
        ByteBuf hello = QuorumMessageCodec.encode(ch.alloc(), new QuorumMessage.Hello(2, LearnerType.PARTICIPANT, 0, 0, 0));
        ByteBuf framed = Unpooled.buffer().writeInt(hello.readableBytes()).writeBytes(hello);
        hello.release();
        byte[] expected = ByteBufUtil.getBytes(framed);
        ch.writeInbound(framed.readRetainedSlice(2));
        ch.writeInbound(framed);
        assertTrue(ch.isOpen());
        assertEquals(0, zab.reported("learner"));
        ByteBuf out = Unpooled.buffer();
        for (Object m; (m = ch.readInbound()) != null; ) {
            out.writeBytes((ByteBuf) m);
            ((ByteBuf) m).release();
        }
        assertEquals(ByteBufUtil.hexDump(expected), ByteBufUtil.hexDump(out));
        out.release();
        assertFalse(ch.finish());
    }

    /** A follower whose leader accepts the quorum connection and never answers (as ZooKeeper's leader does). */
    @Test
    void aLeaderThatNeverAnswersHelloIsReportedAsSilentBeforeTheRoleEnds() throws Exception {
        Queue<Socket> held = new ConcurrentLinkedQueue<>(); // filled by the accept thread, closed by this one
        try (ServerSocket silent = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            io.execute(() -> {
                try {
                    while (true) {
                        held.add(silent.accept()); // read nothing, write nothing
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            });
            CompletableFuture<Long> silentSid = new CompletableFuture<>();
            CompletableFuture<String> abandoned = new CompletableFuture<>();
            RoleListener listener = new RoleListener() {
                @Override
                public void onEstablished(long epoch) {
                }

                @Override
                public void onAbandoned(String reason) {
                    abandoned.complete(reason + (silentSid.isDone() ? " (after silent)" : ""));
                }

                @Override
                public void onLeaderSilent(long sid, SocketAddress address) {
                    silentSid.complete(sid);
                }
            };
            RoleContext ctx = new RoleContext(2, Ensembles.majority(3, 0), TICK, TICK.multipliedBy(10),
                    TICK.multipliedBy(5), group.next(), new MemoryEpochs(io, 0, 0), io, System::nanoTime);
            FollowerRole f = new FollowerRole(ctx, listener, 3,
                    new java.net.InetSocketAddress("127.0.0.1", silent.getLocalPort()), LearnerType.PARTICIPANT);
            ctx.loop().execute(f::start);
            assertEquals(3L, silentSid.get(10, TimeUnit.SECONDS));
            assertTrue(abandoned.get(10, TimeUnit.SECONDS).endsWith("(after silent)"));
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
    }

    @Test
    void aBallotListenerThatIsNotLeadingIsNotSilent() throws Exception {
        // generous limits: a cold JVM on a loaded machine must not turn a slow answer into silence
        Duration limit = Duration.ofSeconds(6);
        RoleContext leaderCtx = new RoleContext(3, Ensembles.majority(3, 0), TICK, limit, limit, group.next(),
                new MemoryEpochs(io, 0, 0), io, System::nanoTime);
        QuorumListener notLeading = new QuorumListener(leaderCtx, java.util.Optional::empty);
        notLeading.bind(new java.net.InetSocketAddress("127.0.0.1", 0)).syncUninterruptibly();
        try {
            CompletableFuture<String> result = new CompletableFuture<>();
            RoleListener listener = new RoleListener() {
                @Override
                public void onEstablished(long epoch) {
                }

                @Override
                public void onAbandoned(String reason) {
                    result.complete("abandoned");
                }

                @Override
                public void onLeaderSilent(long sid, SocketAddress address) {
                    result.complete("silent");
                }
            };
            RoleContext ctx = new RoleContext(2, Ensembles.majority(3, 0), TICK, limit, limit, group.next(),
                    new MemoryEpochs(io, 0, 0), io, System::nanoTime);
            FollowerRole f = new FollowerRole(ctx, listener, 3, notLeading.localAddress(), LearnerType.PARTICIPANT);
            ctx.loop().execute(f::start);
            assertEquals("abandoned", result.get(30, TimeUnit.SECONDS), "answered NOT_LEADING: not silent");
        } finally {
            notLeading.close().syncUninterruptibly();
        }
    }
}
