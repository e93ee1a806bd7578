package dev.ballot.core.config;

import dev.ballot.core.LearnerType;
import dev.ballot.core.quorum.HierarchicalQuorumVerifier;
import dev.ballot.core.quorum.MajorityQuorumVerifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ZooCfgParserTest {
    private static final String THREE_SERVERS = "server.1=127.0.0.1:2888:3888\nserver.2=127.0.0.2:2888:3888\n"
            + "server.3=127.0.0.3:2888:3888\n";

    @TempDir
    Path dir;

    private final List<String> warnings = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
    }

    private Path resource(String name) throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/zoocfg/" + name)) {
            return Files.write(dir.resolve(name), in.readAllBytes());
        }
    }

    private EnsembleConfig parse(Path file) {
        return ZooCfgParser.parse(file, warnings::add, notes::add);
    }

    private static InetSocketAddress addr(String host, int port) {
        return InetSocketAddress.createUnresolved(host, port);
    }

    @Test
    void zooKeeperSampleAlone_hasNoEnsemble() throws IOException {
        Path file = resource("zoo_sample.cfg");
        ConfigException e = assertThrows(ConfigException.class, () -> parse(file));
        assertEquals(file + ": no server.N lines; Ballot needs the ensemble, e.g. server.1=host1:2888:3888 "
                + "(one line per server)", e.getMessage());
    }

    @Test
    void zooKeeperSampleWithServers_parsesWithDefaultsAndNotesClientPort() throws IOException {
        Path sample = resource("zoo_sample.cfg");
        Path file = write("zoo.cfg", Files.readString(sample) + THREE_SERVERS);
        EnsembleConfig cfg = parse(file);

        assertEquals(Optional.of(file), cfg.source());
        assertEquals(Path.of("/tmp/zookeeper"), cfg.dataDir());
        assertEquals(Duration.ofMillis(2000), cfg.tickTime());
        assertEquals(10, cfg.initLimit());
        assertEquals(5, cfg.syncLimit());
        assertEquals(Duration.ofMillis(10_000), cfg.syncTimeout());
        assertEquals(Duration.ofMillis(20_000), cfg.initTimeout());
        assertInstanceOf(MajorityQuorumVerifier.class, cfg.quorum());
        assertEquals(Map.of(1L, QuorumServer.of(1, "127.0.0.1", 2888, 3888, LearnerType.PARTICIPANT),
                2L, QuorumServer.of(2, "127.0.0.2", 2888, 3888, LearnerType.PARTICIPANT),
                3L, QuorumServer.of(3, "127.0.0.3", 2888, 3888, LearnerType.PARTICIPANT)), cfg.quorum().allMembers());
        assertEquals(0, cfg.quorum().version());
        // every default
        assertEquals(LearnerType.PARTICIPANT, cfg.peerType());
        assertEquals(EnsembleConfig.DEFAULT_CNX_TIMEOUT, cfg.cnxTimeout());
        assertFalse(cfg.quorumListenOnAllIPs());
        assertFalse(cfg.multiAddressEnabled());
        assertTrue(cfg.adminServerEnabled());
        assertEquals("0.0.0.0", cfg.adminServerAddress());
        assertEquals(8080, cfg.adminServerPort());
        assertEquals(QuorumTlsConfig.DISABLED, cfg.tls());
        assertEquals(Duration.ofMillis(200), cfg.finalizeWait());
        assertEquals(Duration.ofMillis(200), cfg.minNotificationInterval());
        assertEquals(Duration.ofMillis(60_000), cfg.maxNotificationInterval());
        assertTrue(cfg.decideWhenAllVoted());
        assertFalse(cfg.acceptUnknownSids());
        assertFalse(cfg.checkPeerAddress());
        assertEquals(List.of(), warnings);
        assertEquals(List.of(file + ": ZooKeeper settings that Ballot does not use, ignored: clientPort (line 14)"), notes);
    }

    @Test
    void observersMultiAddressIpv6_parseToExpectedServers() throws IOException {
        EnsembleConfig cfg = parse(resource("observers-multiaddress-ipv6.cfg"));

        MajorityQuorumVerifier q = assertInstanceOf(MajorityQuorumVerifier.class, cfg.quorum());
        assertEquals(new QuorumServer(1, List.of(addr("zk1.example.com", 2888)), List.of(addr("zk1.example.com", 3888)),
                LearnerType.PARTICIPANT, Optional.of(addr("0.0.0.0", 2181))), q.allMembers().get(1L));
        assertEquals(new QuorumServer(2, List.of(addr("10.0.0.2", 2888), addr("10.1.0.2", 2889)),
                List.of(addr("10.0.0.2", 3888), addr("10.1.0.2", 3889)), LearnerType.PARTICIPANT,
                Optional.of(addr("10.0.0.2", 2181))), q.allMembers().get(2L));
        assertEquals(new QuorumServer(3, List.of(addr("2001:db8::3", 2888)), List.of(addr("2001:db8::3", 3888)),
                LearnerType.PARTICIPANT, Optional.of(addr("2001:db8::3", 2181))), q.allMembers().get(3L));
        assertEquals(QuorumServer.of(4, "zk4.example.com", 2888, 3888, LearnerType.OBSERVER), q.allMembers().get(4L));
        assertEquals(new QuorumServer(5, List.of(addr("::1", 2890), addr("127.0.0.1", 2891)),
                List.of(addr("::1", 3890), addr("127.0.0.1", 3891)), LearnerType.OBSERVER, Optional.empty()),
                q.allMembers().get(5L));
        assertEquals(Set.of(1L, 2L, 3L), q.votingMembers().keySet());
        assertEquals(Set.of(4L, 5L), q.observingMembers().keySet());
        assertTrue(cfg.multiAddressEnabled());
        assertTrue(cfg.quorumListenOnAllIPs());
        assertEquals(Duration.ofMillis(2500), cfg.cnxTimeout());
        assertEquals(Duration.ofMillis(1000), cfg.tickTime());
        assertEquals(List.of(), warnings);
    }

    @Test
    void groupsAndWeights_giveHierarchicalVerifier() throws IOException {
        EnsembleConfig cfg = parse(resource("hierarchical.cfg"));

        HierarchicalQuorumVerifier q = assertInstanceOf(HierarchicalQuorumVerifier.class, cfg.quorum());
        assertEquals(Map.of(1L, Set.of(1L, 2L, 3L), 2L, Set.of(4L, 5L, 6L), 3L, Set.of(7L)), q.groups());
        assertEquals(Map.of(1L, 1L, 2L, 1L, 3L, 2L, 4L, 1L, 5L, 1L, 6L, 1L, 7L, 0L), q.weights());
        assertEquals(Set.of(8L), q.observingMembers().keySet());
        assertEquals(0, q.weight(8));
        assertEquals(0, q.weight(7));
        assertEquals(2, q.weight(3));
        assertTrue(q.containsQuorum(Set.of(3L, 1L, 4L, 5L)));
        assertFalse(q.containsQuorum(Set.of(1L, 2L, 3L, 7L, 8L)));
    }

    @Test
    void everyBallotKey_landsInTheRecord() throws IOException {
        Path ks = write("ks.p12", "k");
        Path ts = write("ts.p12", "t");
        Path pw = write("ts.pass", "trust-secret\n");
        Path file = write("zoo.cfg", THREE_SERVERS + "dataDir=" + dir + "\n"
                + "peerType=observer\nelectionAlg=3\ncnxTimeout=1234\n"
                + "admin.enableServer=false\nadmin.serverAddress=127.0.0.1\nadmin.serverPort=0\n"
                + "sslQuorum=true\nportUnification=TRUE\n"
                + "ssl.quorum.keyStore.location=" + ks + "\nssl.quorum.keyStore.password=key-secret\n"
                + "ssl.quorum.keyStore.type=pkcs12\n"
                + "ssl.quorum.trustStore.location=" + ts + "\nssl.quorum.trustStore.password=ignored\n"
                + "ssl.quorum.trustStore.passwordPath=" + pw + "\nssl.quorum.trustStore.type=PKCS12\n"
                + "ssl.quorum.protocol=TLSv1.3\nssl.quorum.enabledProtocols=TLSv1.3, TLSv1.2\n"
                + "ssl.quorum.ciphersuites=TLS_AES_128_GCM_SHA256,TLS_AES_256_GCM_SHA384\n"
                + "ballot.quorum.tls.sidIdentity.2=peer-two.example\n"
                + "ballot.quorum.acceptUnknownSids=true\nballot.quorum.checkPeerAddress=true\nballot.election.finalizeWait=50\n"
                + "ballot.election.decideWhenAllVoted=false\n"
                + "fastleader.minNotificationInterval=100\nfastleader.maxNotificationInterval=800\n");
        EnsembleConfig cfg = parse(file);

        assertEquals(LearnerType.OBSERVER, cfg.peerType());
        assertEquals(Duration.ofMillis(1234), cfg.cnxTimeout());
        assertFalse(cfg.adminServerEnabled());
        assertEquals("127.0.0.1", cfg.adminServerAddress());
        assertEquals(0, cfg.adminServerPort());
        assertEquals(new QuorumTlsConfig(true, true, Optional.of(ks), Optional.of("key-secret"), "PKCS12",
                Optional.of(ts), Optional.of("trust-secret"), "PKCS12", List.of("TLSv1.3", "TLSv1.2"),
                List.of("TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384"), Map.of(2L, "peer-two.example")), cfg.tls());
        assertFalse(cfg.tls().toString().contains("secret"), cfg.tls().toString());
        assertTrue(cfg.acceptUnknownSids());
        assertTrue(cfg.checkPeerAddress());
        assertEquals(Duration.ofMillis(50), cfg.finalizeWait());
        assertFalse(cfg.decideWhenAllVoted());
        assertEquals(Duration.ofMillis(100), cfg.minNotificationInterval());
        assertEquals(Duration.ofMillis(800), cfg.maxNotificationInterval());
        assertEquals(List.of(), warnings);
    }

    @Test
    void protocolAloneIsTheProtocolList() throws IOException {
        Path ks = write("ks.pem", "k");
        Path file = write("zoo.cfg", THREE_SERVERS + "dataDir=/d\nsslQuorum=true\nssl.quorum.keyStore.location=" + ks
                + "\nssl.quorum.trustStore.location=" + ks + "\nssl.quorum.protocol=TLSv1.2\n");
        QuorumTlsConfig tls = parse(file).tls();
        assertEquals(List.of("TLSv1.2"), tls.protocols());
        assertEquals("", tls.keyStoreType());
        assertEquals(Optional.empty(), tls.keyStorePassword());
    }

    @Test
    void ignoredKeysAreOneNote_unknownKeysWarnOnceEach_andDuplicatesKeepTheLastValue() throws IOException {
        Path file = write("zoo.cfg", THREE_SERVERS + "dataDir=/d\n"
                + "autopurge.purgeInterval=1\n4lw.commands.whitelist=*\nmetricsProvider.className=x.Y\n"
                + "dataLogDir=/logs\nreconfigEnabled=true\nnoSuchKey=1\ntickTime=100\ntickTime=200\n");
        EnsembleConfig cfg = parse(file);

        assertEquals(Duration.ofMillis(200), cfg.tickTime());
        assertEquals(List.of(file + ": ZooKeeper settings that Ballot does not use, ignored: "
                + "autopurge.purgeInterval (line 5), 4lw.commands.whitelist (line 6), "
                + "metricsProvider.className (line 7), dataLogDir (line 8), reconfigEnabled (line 9)"), notes);
        assertEquals(List.of(
                file + ":10: unknown key noSuchKey; ignored",
                file + ":12: tickTime is set again (first on line 11); the last value wins"), warnings);
    }

    @Test
    void byteOrderMark_isIgnored() throws IOException {
        Path file = Files.write(dir.resolve("zoo.cfg"), ("\uFEFFdataDir=/d\n" + THREE_SERVERS).getBytes(StandardCharsets.UTF_8));
        EnsembleConfig cfg = parse(file);
        assertEquals(Path.of("/d"), cfg.dataDir());
        assertEquals(List.of(), warnings);
    }

    @Test
    void propertiesSyntax_colonSeparatorsContinuationsAndEscapes() throws IOException {
        Path file = write("zoo.cfg", "! bang comment\n  dataDir : /d\nserver.1 = a:1:2\nserver.2\\\n"
                + "  =b:1:2\nserver.3=\\u0063:1:2\ntickTime 1500\n");
        EnsembleConfig cfg = parse(file);
        assertEquals(Path.of("/d"), cfg.dataDir());
        assertEquals(Duration.ofMillis(1500), cfg.tickTime());
        assertEquals(QuorumServer.of(2, "b", 1, 2, LearnerType.PARTICIPANT), cfg.server(2).orElseThrow());
        assertEquals(QuorumServer.of(3, "c", 1, 2, LearnerType.PARTICIPANT), cfg.server(3).orElseThrow());
    }

    @Test
    void standaloneDisabled_allowsOneParticipantWithObservers() throws IOException {
        Path file = write("zoo.cfg", "dataDir=/d\nstandaloneEnabled=false\nserver.1=a:1:2\nserver.2=b:1:2:observer\n");
        assertEquals(Set.of(1L), parse(file).quorum().votingMembers().keySet());
    }

    @Test
    void unreadableFile_namesTheFile() {
        Path missing = dir.resolve("nope.cfg");
        ConfigException e = assertThrows(ConfigException.class, () -> parse(missing));
        assertTrue(e.getMessage().startsWith(missing + ": cannot read the file"), e.getMessage());
    }
}
