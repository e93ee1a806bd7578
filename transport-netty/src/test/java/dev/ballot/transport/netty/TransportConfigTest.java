package dev.ballot.transport.netty;

import dev.ballot.core.LearnerType;
import dev.ballot.core.config.EnsembleConfig;
import dev.ballot.core.config.QuorumServer;
import dev.ballot.core.quorum.MajorityQuorumVerifier;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TransportConfigTest {

    @Test
    void fromEnsembleConfigTakesMembersTimeoutsAndFlags() {
        EnsembleConfig cfg = EnsembleConfig.builder().dataDir(Path.of("/tmp/x"))
                .quorum(new MajorityQuorumVerifier(Map.of(
                        1L, QuorumServer.of(1, "zk1.example", 2888, 3888, LearnerType.PARTICIPANT),
                        2L, QuorumServer.of(2, "10.0.0.2", 2888, 3888, LearnerType.PARTICIPANT),
                        3L, QuorumServer.of(3, "::1", 2888, 3889, LearnerType.OBSERVER)), 0))
                .cnxTimeout(Duration.ofMillis(1234)).multiAddressEnabled(true).acceptUnknownSids(true)
                .quorumListenOnAllIPs(true).build();
        TransportConfig t = TransportConfig.from(cfg, 2);
        assertEquals(2, t.myId());
        assertEquals(List.of(InetSocketAddress.createUnresolved("zk1.example", 3888)), t.peers().get(1L));
        assertEquals(List.of(InetSocketAddress.createUnresolved("::1", 3889)), t.peers().get(3L));
        assertTrue(t.peers().get(1L).get(0).isUnresolved(), "no DNS while configuring");
        assertEquals(Duration.ofMillis(1234), t.connectTimeout());
        assertEquals(Duration.ofMillis(1234), t.handshakeTimeout());
        assertTrue(t.multiAddress());
        assertTrue(t.acceptUnknownSids());
        assertTrue(t.listenOnAllIPs());
        assertEquals(1, t.sendQueueCapacity());
        assertFalse(t.tls().enabled());
    }

    @Test
    void defaults() {
        TransportConfig t = TransportConfig.builder().myId(1).peer(1, "127.0.0.1", 1).build();
        assertEquals(TransportConfig.DEFAULT_CONNECT_TIMEOUT, t.handshakeTimeout());
        assertEquals(Duration.ofMillis(100), t.reconnectMinDelay());
        assertEquals(Duration.ofSeconds(10), t.reconnectMaxDelay());
        assertFalse(t.acceptUnknownSids());
    }

    @Test
    void errorsNameTheSettingAndTheRule() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TransportConfig.builder().myId(4).peer(1, "127.0.0.1", 1).build());
        assertTrue(e.getMessage().startsWith("TransportConfig.peers="), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> TransportConfig.builder().myId(1).peer(1, "h", 1)
                .sendQueueCapacity(0).build());
        assertEquals("TransportConfig.sendQueueCapacity=0: must be >= 1", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> TransportConfig.builder().myId(1).peer(1, "h", 1)
                .connectTimeout(Duration.ZERO).build());
        assertEquals("TransportConfig.connectTimeout=PT0S: must be > 0", e.getMessage());
    }
}
