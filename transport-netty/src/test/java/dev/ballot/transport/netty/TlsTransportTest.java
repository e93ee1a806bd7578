package dev.ballot.transport.netty;

import dev.ballot.core.config.QuorumTlsConfig;
import dev.ballot.core.testing.LogCapture;
import dev.ballot.transport.netty.testing.Await;
import dev.ballot.transport.netty.testing.LoopbackMesh;
import dev.ballot.transport.netty.testing.RawPeer;
import dev.ballot.transport.netty.testing.RecordingListener;
import dev.ballot.transport.netty.testing.TestCertificates;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static dev.ballot.transport.netty.testing.RecordingListener.utf8;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Mutual TLS with the sid bound to the certificate (spec §1.6 plus Ballot's binding). */
class TlsTransportTest {
    @RegisterExtension
    final LogCapture logs = LogCapture.ofNames("dev.ballot.transport.netty.handler.ChannelErrorHandler");
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final Map<Long, String> IDENTITIES = Map.of(1L, "peer-1.ballot.test", 2L, "peer-2.ballot.test",
            3L, "peer-3.ballot.test");

    @TempDir
    Path dir;

    private final TestCertificates ca = new TestCertificates();

    private QuorumTlsConfig tls(String identity, boolean pkcs12) throws Exception {
        TestCertificates.Leaf leaf = ca.issue(identity);
        Path trust = ca.writePemTrustStore(dir.resolve("trust.pem"));
        if (pkcs12) {
            Path key = ca.writePkcs12KeyStore(leaf, dir.resolve(identity + ".p12"), "secret");
            return new QuorumTlsConfig(true, false, Optional.of(key), Optional.of("secret"), "", Optional.of(trust),
                    Optional.empty(), "", List.of(), List.of(), IDENTITIES);
        }
        Path key = ca.writePemKeyStore(leaf, dir.resolve(identity + ".pem"));
        return new QuorumTlsConfig(true, false, Optional.of(key), Optional.empty(), "PEM", Optional.of(trust),
                Optional.empty(), "", List.of("TLSv1.2", "TLSv1.3"), List.of(), IDENTITIES);
    }

    private LoopbackMesh tlsMesh() {
        return LoopbackMesh.start(3, (sid, b) -> {
            try {
                b.tls(tls(IDENTITIES.get(sid), sid == 3)).handshakeTimeout(Duration.ofSeconds(3));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void meshOfThreeWithGeneratedCertificatesExchangesMessages() {
        try (LoopbackMesh mesh = tlsMesh()) {
            for (long from = 1; from <= 3; from++) {
                for (long to = 1; to <= 3; to++) {
                    mesh.transport(from).send(to, utf8("tls " + from + "->" + to));
                }
            }
            for (long from = 1; from <= 3; from++) {
                for (long to = 1; to <= 3; to++) {
                    mesh.listener(to).awaitText(from, "tls " + from + "->" + to, WAIT);
                }
            }
            Await.until(WAIT, () -> mesh.transport(2).connectedPeers().equals(Set.of(1L, 3L)),
                    () -> "2 connected to " + mesh.transport(2).connectedPeers());
        }
    }

    @Test
    void validCertificateClaimingAnotherSidIsRejected() throws Exception {
        try (LoopbackMesh mesh = tlsMesh()) {
            // a peer with a certificate from the same CA, for a name not bound to sid 3, claims sid 3
            TransportConfig imposterConfig = mesh.configOf(3).tls(tls("peer-4.ballot.test", false)).build();
            RecordingListener imposterListener = new RecordingListener();
            try (NettyQuorumTransport imposter = NettyQuorumTransport.builder().config(
                    TransportConfig.builder().myId(3).peer(1, "127.0.0.1", mesh.port(1)).peer(2, "127.0.0.1", mesh.port(2))
                            .peer(3, "127.0.0.1", dev.ballot.transport.netty.testing.LoopbackPorts.reserve(1).get(0))
                            .tls(imposterConfig.tls()).build()).build()) {
                imposter.start(imposterListener).toCompletableFuture().join();
                imposter.send(2, utf8("forged"));
                Await.until(WAIT, () -> mesh.transport(2).metrics().handshakesRejected().getOrDefault("identity-mismatch", 0L) >= 1,
                        () -> "rejections " + mesh.transport(2).metrics().handshakesRejected());
                assertFalse(mesh.listener(2).texts(3).contains("forged"));
                Await.until(WAIT, () -> logs.count(LogCapture.WARN, "identity-mismatch: sid 3 must present 'peer-3.ballot.test'") == 1,
                        logs::toString);
            }
            mesh.transport(3).send(2, utf8("real"));
            mesh.listener(2).awaitText(3, "real", WAIT);
        }
    }

    @Test
    void plaintextToATlsPortIsRejected() {
        try (LoopbackMesh mesh = tlsMesh(); RawPeer plain = new RawPeer(mesh.port(2))) {
            plain.handshake(3, "127.0.0.1:1");
            assertTrue(plain.closedWithin(WAIT));
            Await.until(WAIT, () -> mesh.transport(2).metrics().handshakesRejected().getOrDefault("tls", 0L) >= 1,
                    () -> "rejections " + mesh.transport(2).metrics().handshakesRejected());
            Await.until(WAIT, () -> logs.count(LogCapture.WARN, "NotSslRecordException: not an SSL/TLS record") == 1, logs::toString);
        }
    }

    @Test
    void portUnificationAcceptsPlaintextAndTlsOnOnePort() throws Exception {
        int absent = dev.ballot.transport.netty.testing.LoopbackPorts.reserve(1).get(0);
        try (LoopbackMesh mesh = LoopbackMesh.start(2, (sid, b) -> {
            try {
                QuorumTlsConfig t = tls(IDENTITIES.get(sid), false);
                b.tls(new QuorumTlsConfig(true, sid == 1, t.keyStore(), t.keyStorePassword(), t.keyStoreType(),
                        t.trustStore(), t.trustStorePassword(), t.trustStoreType(), t.protocols(), t.cipherSuites(),
                        t.sidIdentities())).peer(9, "127.0.0.1", absent);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }); RawPeer plain = new RawPeer(mesh.port(1))) {
            plain.handshake(9, "127.0.0.1:" + absent).frame("plaintext hello".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            mesh.listener(1).awaitText(9, "plaintext hello", WAIT);
            mesh.transport(2).send(1, utf8("tls hello"));
            mesh.listener(1).awaitText(2, "tls hello", WAIT);
        }
    }

    @Test
    void missingKeyStoreIsAConfigurationError() {
        QuorumTlsConfig broken = new QuorumTlsConfig(true, false, Optional.of(dir.resolve("nope.pem")), Optional.empty(), "",
                Optional.of(dir.resolve("nope-trust.pem")), Optional.empty(), "", List.of(), List.of(), Map.of());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NettyQuorumTransport.builder()
                .config(TransportConfig.builder().myId(1).peer(1, "127.0.0.1", 1).tls(broken).build()).build());
        assertTrue(e.getMessage().contains("nope.pem"), e.getMessage());
    }
}
