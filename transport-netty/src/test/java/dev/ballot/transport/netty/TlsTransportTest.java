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
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Mutual TLS with the sid bound to the certificate (docs/protocol.md "TLS" plus Ballot's binding). */
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

    /**
     * Issue 10: under TLS with sid binding, a flood of connections with a valid certificate for another name,
     * claiming configured sids, is refused at the handshake and has no effect on the established links.
     */
    @Test
    void aFloodOfClaimsWithAnotherNamesCertificateLeavesTheLinksUntouched() throws Exception {
        try (LoopbackMesh mesh = tlsMesh()) {
            mesh.transport(2).send(1, utf8("before"));
            mesh.transport(2).send(3, utf8("before"));
            mesh.transport(1).send(2, utf8("before"));
            mesh.transport(3).send(2, utf8("before"));
            mesh.listener(1).awaitText(2, "before", WAIT);
            mesh.listener(3).awaitText(2, "before", WAIT);
            mesh.listener(2).awaitText(1, "before", WAIT);
            mesh.listener(2).awaitText(3, "before", WAIT);
            io.netty.channel.Channel toOne = mesh.transport(2).link(1, List.of()).channel();
            io.netty.channel.Channel fromThree = mesh.transport(2).link(3, List.of()).channel();
            javax.net.ssl.SSLSocketFactory intruder = intruderSockets("intruder.ballot.test");
            int flood = 50;
            for (int i = 0; i < flood; i++) {
                long claimed = i % 2 == 0 ? 1 : 3;
                try (javax.net.ssl.SSLSocket s = (javax.net.ssl.SSLSocket) intruder.createSocket("127.0.0.1", mesh.port(2))) {
                    s.startHandshake();
                    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
                    java.io.DataOutputStream out = new java.io.DataOutputStream(bytes);
                    byte[] address = ("127.0.0.1:" + mesh.port(claimed)).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
                    out.writeLong(-65536L);
                    out.writeLong(claimed);
                    out.writeInt(address.length);
                    out.write(address);
                    out.writeInt(6);
                    out.write("forged".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                    try {
                        s.getOutputStream().write(bytes.toByteArray());
                        s.getOutputStream().flush();
                    } catch (java.io.IOException closedAlready) {
                        // peer 2 may close before the last record is written
                    }
                    s.setSoTimeout((int) WAIT.toMillis());
                    assertTrue(readsToEnd(s), "connection " + i + " closed by peer 2");
                }
            }
            Await.until(WAIT, () -> mesh.transport(2).metrics().handshakesRejected().getOrDefault("identity-mismatch", 0L) == flood,
                    () -> "rejections " + mesh.transport(2).metrics().handshakesRejected());
            mesh.transport(2).send(1, utf8("after"));
            mesh.transport(2).send(3, utf8("after"));
            mesh.transport(1).send(2, utf8("after"));
            mesh.transport(3).send(2, utf8("after"));
            mesh.listener(1).awaitText(2, "after", WAIT);
            mesh.listener(3).awaitText(2, "after", WAIT);
            mesh.listener(2).awaitText(1, "after", WAIT);
            mesh.listener(2).awaitText(3, "after", WAIT);
            org.junit.jupiter.api.Assertions.assertSame(toOne, mesh.transport(2).link(1, List.of()).channel());
            org.junit.jupiter.api.Assertions.assertSame(fromThree, mesh.transport(2).link(3, List.of()).channel());
            for (long sid = 1; sid <= 3; sid++) {
                assertFalse(mesh.listener(sid).events().stream().anyMatch(e -> e.startsWith("down")), mesh.listener(sid).events().toString());
            }
            assertFalse(mesh.listener(2).texts(1).contains("forged") || mesh.listener(2).texts(3).contains("forged"));
        }
    }

    /** TLS client sockets presenting a certificate for {@code name}, issued by the mesh's CA. */
    private javax.net.ssl.SSLSocketFactory intruderSockets(String name) throws Exception {
        Path store = ca.writePkcs12KeyStore(ca.issue(name), dir.resolve(name + ".p12"), "secret");
        java.security.KeyStore keys = java.security.KeyStore.getInstance("PKCS12");
        try (java.io.InputStream in = java.nio.file.Files.newInputStream(store)) {
            keys.load(in, "secret".toCharArray());
        }
        javax.net.ssl.KeyManagerFactory kmf = javax.net.ssl.KeyManagerFactory.getInstance(javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, "secret".toCharArray());
        java.security.KeyStore trust = java.security.KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", ca.caCertificate());
        javax.net.ssl.TrustManagerFactory tmf = javax.net.ssl.TrustManagerFactory.getInstance(javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        javax.net.ssl.SSLContext context = javax.net.ssl.SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return context.getSocketFactory();
    }

    /** Reads until the other side closes (true) or the read times out (false). */
    private static boolean readsToEnd(java.net.Socket s) {
        try {
            while (s.getInputStream().read() >= 0) {
                // discard
            }
            return true;
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (java.io.IOException e) {
            return true; // reset or TLS close without close_notify
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

    /**
     * Issue 10: no input on the election port produces a stack trace. Port unification sends every byte through
     * the TLS detector first; each hostile connection is one WARN line at most and nothing carries an exception.
     */
    @Test
    void hostileBytesOnAUnifiedPortNeverProduceAStackTrace() throws Exception {
        int absent = dev.ballot.transport.netty.testing.LoopbackPorts.reserve(1).get(0);
        LogCapture all = LogCapture.ofNames("io.netty", "dev.ballot");
        all.beforeAll(null);
        try (LoopbackMesh mesh = LoopbackMesh.start(2, (sid, b) -> {
            try {
                QuorumTlsConfig t = tls(IDENTITIES.get(sid), false);
                b.tls(new QuorumTlsConfig(true, true, t.keyStore(), t.keyStorePassword(), t.keyStoreType(),
                        t.trustStore(), t.trustStorePassword(), t.trustStoreType(), t.protocols(), t.cipherSuites(),
                        t.sidIdentities())).peer(9, "127.0.0.1", absent).handshakeTimeout(Duration.ofMillis(500));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        })) {
            byte[] junk = new byte[10_000];
            new java.util.Random(7).nextBytes(junk);
            byte[] tlsLooking = junk.clone();
            tlsLooking[0] = 0x16; // handshake record, TLS 1.0, then garbage
            tlsLooking[1] = 0x03;
            tlsLooking[2] = 0x01;
            java.util.List<java.util.function.Consumer<RawPeer>> inputs = List.of(
                    p -> p.write(junk),
                    p -> p.write(tlsLooking),
                    p -> p.handshake(77, "127.0.0.1:1").write(junk),                 // refused, then more bytes
                    p -> p.handshake(9, "127.0.0.1:1\n2026 FORGED\u0000").write(junk), // admitted, then a bad frame
                    p -> p.handshake(9, "127.0.0.1:1").write(new byte[] {0, 0, 0, 0}).write(junk),
                    p -> p.write(new byte[] {-1, -1}));                               // truncated: timeout
            for (java.util.function.Consumer<RawPeer> input : inputs) {
                try (RawPeer p = new RawPeer(mesh.port(1))) {
                    try {
                        input.accept(p);
                    } catch (java.io.UncheckedIOException closedAlready) {
                        // the peer may close before all bytes are written
                    }
                    assertTrue(p.closedWithin(WAIT));
                }
            }
            Await.until(WAIT, () -> mesh.transport(1).metrics().handshakesRejected().values().stream().mapToLong(Long::longValue).sum()
                    + mesh.transport(1).metrics().channelErrors().values().stream().mapToLong(Long::longValue).sum() >= inputs.size(),
                    () -> mesh.transport(1).metrics().toString());
            mesh.transport(2).send(1, utf8("still fine"));
            mesh.listener(1).awaitText(2, "still fine", WAIT);
            assertEquals(List.of(), all.withStackTraces());
            assertEquals(List.of(), logs.withStackTraces());
            assertTrue(all.messages(LogCapture.WARN).stream().noneMatch(m -> m.contains("reached at the tail")),
                    all.messages(LogCapture.WARN).toString());
            List<String> warnings = logs.messages(LogCapture.WARN); // the channel error lines (captured apart)
            assertTrue(warnings.stream().anyMatch(m -> m.contains("FORGED")), warnings.toString());
            assertTrue(warnings.stream().noneMatch(m -> m.contains("\n") || m.contains("\u0000")), warnings.toString());
        } finally {
            all.afterAll(null);
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
