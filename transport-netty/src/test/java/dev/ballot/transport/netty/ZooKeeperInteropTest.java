package dev.ballot.transport.netty;

import dev.ballot.transport.netty.handler.InitialMessage;
import dev.ballot.transport.netty.testing.Await;
import dev.ballot.transport.netty.testing.LoopbackPorts;
import dev.ballot.transport.netty.testing.RecordingListener;
import io.netty.buffer.ByteBufAllocator;
import org.apache.zookeeper.server.quorum.QuorumCnxManager;
import org.apache.zookeeper.server.quorum.QuorumPeer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.File;
import java.lang.reflect.Field;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Ballot against the real ZooKeeper 3.9.5 {@code QuorumCnxManager} (a black box from the official jar),
 * built the way ZooKeeper's own {@code CnxManagerTest} builds it: a {@code QuorumPeer} over a
 * two-member view, then {@code createCnxnManager()} and its listener thread.
 */
class ZooKeeperInteropTest {
    private static final Duration WAIT = Duration.ofSeconds(15);

    @TempDir
    File dir;

    @ParameterizedTest(name = "ZooKeeper sid {0}, Ballot sid {1}, ZooKeeper multiAddress={2}, first sender {3}")
    @CsvSource({"1, 2, false, zk", "1, 2, true, ballot", "2, 1, false, ballot", "2, 1, true, zk"})
    void connectArbitrateAndExchangeBytesBothWays(long zkSid, long ballotSid, boolean zkMultiAddress, String first)
            throws Exception {
        List<Integer> ports = LoopbackPorts.reserve(3);
        int zkElection = ports.get(0);
        int ballotElection = ports.get(1);
        Map<Long, QuorumPeer.QuorumServer> view = new HashMap<>();
        view.put(zkSid, server(zkSid, ports.get(2), zkElection));
        view.put(ballotSid, server(ballotSid, ports.get(2), ballotElection));
        QuorumPeer peer = new QuorumPeer(view, dir, dir, 3, zkSid, 1000, 2, 2, 2, null);
        peer.setMultiAddressEnabled(zkMultiAddress);
        QuorumCnxManager zk = peer.createCnxnManager();
        zk.listener.start();
        TransportConfig cfg = TransportConfig.builder().myId(ballotSid).peer(zkSid, "127.0.0.1", zkElection)
                .peer(ballotSid, "127.0.0.1", ballotElection).reconnectMinDelay(Duration.ofMillis(50)).build();
        RecordingListener listener = new RecordingListener();
        NettyQuorumTransport ballot = NettyQuorumTransport.builder().config(cfg).build();
        try {
            ballot.start(listener).toCompletableFuture().join();
            Random random = new Random(zkSid * 31 + ballotSid);
            byte[] fromZk = bytes(random, 28);
            byte[] fromBallot = bytes(random, 100);
            byte[] bigFromZk = bytes(random, 512 * 1024);
            byte[] bigFromBallot = bytes(random, 512 * 1024);
            if (first.equals("zk")) {
                zk.toSend(ballotSid, ByteBuffer.wrap(fromZk));
                awaitBytes(listener, zkSid, fromZk);
                ballot.send(zkSid, ByteBuffer.wrap(fromBallot));
                assertArrayEquals(fromBallot, poll(zk, ballotSid));
            } else {
                ballot.send(zkSid, ByteBuffer.wrap(fromBallot));
                assertArrayEquals(fromBallot, poll(zk, ballotSid));
                zk.toSend(ballotSid, ByteBuffer.wrap(fromZk));
                awaitBytes(listener, zkSid, fromZk);
            }
            zk.toSend(ballotSid, ByteBuffer.wrap(bigFromZk));
            awaitBytes(listener, zkSid, bigFromZk);
            ballot.send(zkSid, ByteBuffer.wrap(bigFromBallot));
            assertArrayEquals(bigFromBallot, poll(zk, ballotSid));

            // one connection, the one the larger sid opened, seen the same way by both sides
            Await.until(WAIT, () -> ballot.openConnections() == 1, () -> "open " + ballot.openConnections());
            Await.until(WAIT, () -> ballot.connectedPeers().equals(Set.of(zkSid)), () -> "connected " + ballot.connectedPeers());
            assertTrue(zk.connectedToPeer(ballotSid));
            assertEquals(2, zk.getThreadCount(), "ZooKeeper: one send and one receive worker");
        } finally {
            ballot.close();
            zk.halt();
        }
    }

    @ParameterizedTest(name = "ZooKeeper parses Ballot''s initial message, multiAddress={0}")
    @CsvSource({"false", "true"})
    void zooKeeperParsesBallotsInitialMessage(boolean multiAddress) throws Exception {
        List<InetSocketAddress> own = List.of(InetSocketAddress.createUnresolved("127.0.0.1", 3888),
                InetSocketAddress.createUnresolved("::1", 3889));
        byte[] bytes = dev.ballot.transport.netty.handler.InitialMessageBytes.of(
                InitialMessage.encode(ByteBufAllocator.DEFAULT, 42, own, multiAddress));
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
        long version = in.readLong();
        assertEquals(multiAddress ? QuorumCnxManager.PROTOCOL_VERSION_V2 : QuorumCnxManager.PROTOCOL_VERSION_V1, version);
        QuorumCnxManager.InitialMessage parsed = QuorumCnxManager.InitialMessage.parse(version, in);
        assertEquals(42L, parsed.sid);
        List<InetSocketAddress> expected = multiAddress
                ? List.of(new InetSocketAddress("127.0.0.1", 3888), new InetSocketAddress("::1", 3889))
                : List.of(new InetSocketAddress("127.0.0.1", 3888));
        assertEquals(expected, parsed.electionAddr);
        assertEquals(0, in.available(), "ZooKeeper consumed exactly the message");
    }

    private static QuorumPeer.QuorumServer server(long sid, int quorumPort, int electionPort) {
        return new QuorumPeer.QuorumServer(sid, new InetSocketAddress("127.0.0.1", quorumPort),
                new InetSocketAddress("127.0.0.1", electionPort));
    }

    private static byte[] bytes(Random random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private static void awaitBytes(RecordingListener listener, long sid, byte[] expected) {
        Await.until(WAIT, () -> listener.messages().stream()
                .anyMatch(m -> m.sid() == sid && java.util.Arrays.equals(m.bytes(), expected)),
                () -> expected.length + " bytes from " + sid + "; got " + listener.messages().size() + " messages");
    }

    /** The next message ZooKeeper received from {@code sid}, as bytes. */
    private static byte[] poll(QuorumCnxManager zk, long sid) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            Object m = zk.pollRecvQueue(100, TimeUnit.MILLISECONDS);
            if (m != null && (long) field(m, "sid") == sid) {
                ByteBuffer b = (ByteBuffer) field(m, "buffer");
                byte[] out = new byte[b.remaining()];
                b.duplicate().get(out);
                return out;
            }
        }
        assertNotNull(null, "ZooKeeper received nothing from " + sid);
        return null;
    }

    private static Object field(Object message, String name) throws ReflectiveOperationException {
        Field f = QuorumCnxManager.Message.class.getDeclaredField(name);
        f.setAccessible(true);
        return f.get(message);
    }
}
