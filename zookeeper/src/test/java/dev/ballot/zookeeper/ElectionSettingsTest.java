package dev.ballot.zookeeper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ballot.core.config.QuorumTlsConfig;
import dev.ballot.core.quorum.HierarchicalQuorumVerifier;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.zookeeper.server.quorum.QuorumPeerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** zoo.cfg as ZooKeeper 3.9.5 parses it, mapped onto Ballot's transport and election settings. */
class ElectionSettingsTest {
    @TempDir
    Path dir;

    private QuorumPeerConfig parse(String servers) throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        Files.writeString(data.resolve("myid"), "2\n");
        Properties p = new Properties();
        p.setProperty("tickTime", "400");
        p.setProperty("initLimit", "10");
        p.setProperty("syncLimit", "4");
        p.setProperty("dataDir", data.toString());
        p.setProperty("clientPort", "2181");
        p.load(new java.io.StringReader(servers));
        QuorumPeerConfig c = new QuorumPeerConfig();
        c.parseProperties(p);
        return c;
    }

    private static ElectionSettings map(QuorumPeerConfig c, Map<String, String> props, boolean ssl) {
        return ElectionSettings.of(c.getServerId(), c.getQuorumVerifier().toString(), c.getTickTime(), c.getSyncLimit(),
                false, false, ssl, false, props::get, props.keySet());
    }

    @Test
    void serversObserversAndTimeoutsComeFromZooKeepersParsedConfig() throws Exception {
        QuorumPeerConfig c = parse("server.1=127.0.0.1:2001:3001\nserver.2=127.0.0.1:2002:3002\n"
                + "server.3=127.0.0.1:2003:3003\nserver.4=127.0.0.1:2004:3004:observer\n");
        ElectionSettings s = map(c, Map.of("zookeeper.cnxTimeout", "1234",
                "zookeeper.fastleader.minNotificationInterval", "50"), false);

        assertEquals(2, s.transport().myId());
        assertEquals(List.of(InetSocketAddress.createUnresolved("127.0.0.1", 3004)), s.transport().peers().get(4L));
        assertEquals(Set.of(1L, 2L, 3L, 4L), s.transport().peers().keySet());
        assertEquals(Duration.ofMillis(1234), s.transport().connectTimeout());
        assertEquals(Duration.ofMillis(400 * 4), s.transport().handshakeTimeout(), "tickTime * syncLimit");
        assertEquals(QuorumTlsConfig.DISABLED, s.transport().tls());
        assertTrue(s.election().quorum().isVoter(3));
        assertFalse(s.election().quorum().isVoter(4), "observer");
        assertEquals(Duration.ofMillis(50), s.election().minNotificationInterval());
        assertEquals(Duration.ofMillis(200), s.election().finalizeWait());
        assertEquals(c.getQuorumVerifier().toString(), s.election().quorum().toConfigString(),
                "Ballot advertises ZooKeeper's own config text");
    }

    @Test
    void groupsAndWeightsGiveAHierarchicalQuorum() throws Exception {
        QuorumPeerConfig c = parse("server.1=127.0.0.1:2001:3001\nserver.2=127.0.0.1:2002:3002\n"
                + "server.3=127.0.0.1:2003:3003\ngroup.1=1:2\ngroup.2=3\nweight.1=1\nweight.2=1\nweight.3=0\n");
        ElectionSettings s = map(c, Map.of(), false);

        assertTrue(s.election().quorum() instanceof HierarchicalQuorumVerifier);
        assertEquals(c.getQuorumVerifier().toString(), s.election().quorum().toConfigString());
    }

    @Test
    void sslQuorumTakesTheStoresFromZooKeepersSystemProperties() throws Exception {
        QuorumPeerConfig c = parse("server.1=127.0.0.1:2001:3001\nserver.2=127.0.0.1:2002:3002\n");
        Path pw = Files.writeString(dir.resolve("pw"), "secret\n");
        ElectionSettings s = map(c, Map.of(
                "zookeeper.ssl.quorum.keyStore.location", "/k.p12",
                "zookeeper.ssl.quorum.keyStore.passwordPath", pw.toString(),
                "zookeeper.ssl.quorum.keyStore.password", "ignored",
                "zookeeper.ssl.quorum.trustStore.location", "/t.jks",
                "zookeeper.ssl.quorum.trustStore.password", "tpw",
                "zookeeper.ssl.quorum.trustStore.type", "jks",
                "zookeeper.ssl.quorum.enabledProtocols", "TLSv1.3, TLSv1.2",
                "zookeeper.ballot.quorum.tls.sidIdentity.1", "zk1.example"), true);

        QuorumTlsConfig tls = s.transport().tls();
        assertTrue(tls.enabled());
        assertEquals(Path.of("/k.p12"), tls.keyStore().orElseThrow());
        assertEquals("secret", tls.keyStorePassword().orElseThrow(), "passwordPath wins");
        assertEquals("JKS", tls.trustStoreType());
        assertEquals("tpw", tls.trustStorePassword().orElseThrow());
        assertEquals(List.of("TLSv1.3", "TLSv1.2"), tls.protocols());
        assertEquals(Map.of(1L, "zk1.example"), tls.sidIdentities());
    }
}
