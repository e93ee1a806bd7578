package dev.ballot.transport.netty;

import dev.ballot.core.config.QuorumTlsConfig;
import dev.ballot.transport.netty.testing.Await;
import dev.ballot.transport.netty.testing.LoopbackPorts;
import dev.ballot.transport.netty.testing.RecordingListener;
import dev.ballot.transport.netty.testing.TestCertificates;
import org.apache.zookeeper.server.quorum.QuorumCnxManager;
import org.apache.zookeeper.server.quorum.QuorumPeer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.File;
import java.lang.reflect.Field;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Ballot and ZooKeeper 3.9.5's {@code QuorumCnxManager} over mutual TLS ({@code sslQuorum=true}, PEM
 * stores from one test CA, ZooKeeper configured through its {@code zookeeper.ssl.quorum.*} system
 * properties with its default FIPS mode), in both sid orders. Ballot binds ZooKeeper's sid to its
 * certificate name.
 */
class ZooKeeperTlsInteropTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String PREFIX = "zookeeper.ssl.quorum.";
    private static final List<String> PROPERTIES = List.of("keyStore.location", "keyStore.type",
            "trustStore.location", "trustStore.type");

    @TempDir
    File dir;

    @AfterEach
    void clearProperties() {
        PROPERTIES.forEach(p -> System.clearProperty(PREFIX + p));
    }

    @ParameterizedTest(name = "ZooKeeper sid {0}, Ballot sid {1}")
    @CsvSource({"1, 2", "2, 1"})
    void tlsConnectionInBothSidOrders(long zkSid, long ballotSid) throws Exception {
        TestCertificates ca = new TestCertificates();
        Path trust = ca.writePemTrustStore(dir.toPath().resolve("trust.pem"));
        Path zkKey = ca.writePemKeyStore(ca.issue("zk.ballot.test"), dir.toPath().resolve("zk.pem"));
        Path ballotKey = ca.writePemKeyStore(ca.issue("ballot.ballot.test"), dir.toPath().resolve("ballot.pem"));
        System.setProperty(PREFIX + "keyStore.location", zkKey.toString());
        System.setProperty(PREFIX + "keyStore.type", "PEM");
        System.setProperty(PREFIX + "trustStore.location", trust.toString());
        System.setProperty(PREFIX + "trustStore.type", "PEM");

        List<Integer> ports = LoopbackPorts.reserve(3);
        Map<Long, QuorumPeer.QuorumServer> view = new HashMap<>();
        view.put(zkSid, new QuorumPeer.QuorumServer(zkSid, new InetSocketAddress("127.0.0.1", ports.get(2)),
                new InetSocketAddress("127.0.0.1", ports.get(0))));
        view.put(ballotSid, new QuorumPeer.QuorumServer(ballotSid, new InetSocketAddress("127.0.0.1", ports.get(2)),
                new InetSocketAddress("127.0.0.1", ports.get(1))));
        QuorumPeer peer = new QuorumPeer(view, dir, dir, 3, zkSid, 1000, 2, 2, 2, null);
        peer.setSslQuorum(true);
        peer.setMultiAddressEnabled(false);
        QuorumCnxManager zk = peer.createCnxnManager();
        zk.listener.start();

        QuorumTlsConfig tls = new QuorumTlsConfig(true, false, Optional.of(ballotKey), Optional.empty(), "PEM",
                Optional.of(trust), Optional.empty(), "PEM", List.of(), List.of(),
                Map.of(zkSid, "zk.ballot.test", ballotSid, "ballot.ballot.test"));
        NettyQuorumTransport ballot = NettyQuorumTransport.builder().config(TransportConfig.builder().myId(ballotSid)
                .peer(zkSid, "127.0.0.1", ports.get(0)).peer(ballotSid, "127.0.0.1", ports.get(1)).tls(tls)
                .reconnectMinDelay(Duration.ofMillis(50)).build()).build();
        RecordingListener listener = new RecordingListener();
        try {
            ballot.start(listener).toCompletableFuture().join();
            byte[] fromBallot = "ballot over tls".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            byte[] fromZk = "zookeeper over tls".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            ballot.send(zkSid, ByteBuffer.wrap(fromBallot));
            assertArrayEquals(fromBallot, poll(zk, ballotSid));
            zk.toSend(ballotSid, ByteBuffer.wrap(fromZk));
            listener.awaitText(zkSid, "zookeeper over tls", WAIT);
            Await.until(WAIT, () -> ballot.openConnections() == 1, () -> "open " + ballot.openConnections());
            Await.until(WAIT, () -> ballot.connectedPeers().equals(Set.of(zkSid)), () -> "connected " + ballot.connectedPeers());
            assertTrue(zk.connectedToPeer(ballotSid));
            assertTrue(ballot.metrics().handshakesRejected().isEmpty(), ballot.metrics().handshakesRejected().toString());
        } finally {
            ballot.close();
            zk.halt();
        }
    }

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
        return fail("ZooKeeper received nothing from " + sid);
    }

    private static Object field(Object message, String name) throws ReflectiveOperationException {
        Field f = QuorumCnxManager.Message.class.getDeclaredField(name);
        f.setAccessible(true);
        return f.get(message);
    }
}
