package dev.ballot.core.codec;

import dev.ballot.core.Notification;
import dev.ballot.core.PeerState;
import org.apache.zookeeper.server.quorum.ZooKeeperMessages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * docs/protocol.md "Notification layout": Ballot's encoded notification equals the bytes ZooKeeper 3.9.5's
 * {@code FastLeaderElection.buildMsg} builds for the same values, and Ballot decodes ZooKeeper's bytes
 * to the same fields.
 */
class NotificationCodecZooKeeperTest {
    private static final long[] LONGS = {0, 1, -1, 2, 3, 255, 256, 0x7fffffffL, 0x80000000L, 0xffffffffL,
            0x100000000L, 0x100000005L, 0x123456789abcdefL, Long.MAX_VALUE, Long.MIN_VALUE, Long.MIN_VALUE + 1,
            Long.MAX_VALUE - 1, -0x100000000L};
    private static final String[] CONFIGS = {
            "",
            "version=0",
            "server.1=127.0.0.1:2888:3888:participant\nserver.2=127.0.0.1:2889:3889:participant\n"
                    + "server.3=127.0.0.1:2890:3890:participant\nversion=0",
            "server.1=h\u00f6st-\u00fc.example:2888:3888:participant\nserver.2=\u4e3b\u673a.\u4f8b\u5b50:1:2:observer\n"
                    + "server.3=[0:0:0:0:0:0:0:1]:5:6:participant;0.0.0.0:2181\nversion=100000000",
            "server.9=\ud83d\uddf3\ufe0f.ballot:7:8:participant\ngroup.1=9\nweight.9=1\nversion=ffffffffffff",
            "x".repeat(70_000),
    };

    static List<Notification> notifications() {
        List<Notification> out = new ArrayList<>();
        for (PeerState state : PeerState.values()) {
            for (long v : LONGS) {
                out.add(Notification.of(state, v, v, v, v, CONFIGS[out.size() % CONFIGS.length]));
            }
        }
        SplittableRandom random = new SplittableRandom(20261126);
        for (int i = 0; i < 200; i++) {
            out.add(Notification.of(PeerState.values()[random.nextInt(4)], pick(random), pick(random), pick(random),
                    pick(random), CONFIGS[random.nextInt(CONFIGS.length)]));
        }
        return out;
    }

    private static long pick(SplittableRandom random) {
        return random.nextBoolean() ? LONGS[random.nextInt(LONGS.length)] : random.nextLong();
    }

    private static byte[] zooKeeper(Notification n) {
        return ZooKeeperMessages.build(n.state().code(), n.leader(), n.zxid(), n.electionEpoch(), n.peerEpoch(),
                n.config().getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] bytes(ByteBuffer buf) {
        byte[] out = new byte[buf.remaining()];
        buf.duplicate().get(out);
        return out;
    }

    @ParameterizedTest
    @MethodSource("notifications")
    void encode_equalsZooKeepersBytes(Notification n) {
        assertArrayEquals(zooKeeper(n), bytes(NotificationCodec.encode(n)));
    }

    @ParameterizedTest
    @MethodSource("notifications")
    void decodeOfZooKeepersBytes_givesTheSameFields(Notification n) {
        ByteBuffer zk = ByteBuffer.wrap(zooKeeper(n));
        Notification decoded = NotificationCodec.decode(zk);
        assertEquals(n, decoded);
        assertEquals(Notification.CURRENT_VERSION, decoded.version());
        assertEquals(0, zk.remaining());
    }

    @Test
    void zooKeepersConfiglessOverload_isThe40ByteVersion1Form_readAsVersion0() {
        // ZooKeeper's 5-argument buildMsg writes the 3.4.6-era layout: peerEpoch, then version 1, no config.
        byte[] zk = ZooKeeperMessages.build(PeerState.LEADING.code(), 3, 0x200000001L, 9, 2);
        assertEquals(NotificationCodec.LEGACY_LENGTH, zk.length);
        assertArrayEquals(new byte[] {0, 0, 0, 1}, java.util.Arrays.copyOfRange(zk, 36, 40));
        assertEquals(new Notification(PeerState.LEADING, 3, 0x200000001L, 9, 2, 0, ""),
                NotificationCodec.decode(ByteBuffer.wrap(zk)));
    }

    @Test
    void specExampleFrame_payloadBytes() {
        // docs/protocol.md "Notification layout": LOOKING, leader 3, zxid 0x100000005, round 2, peerEpoch 1, a 129-byte config.
        String config = "server.1=10.0.0.1:2888:3888:participant\nserver.2=10.0.0.2:2888:3888:participant\n"
                + "server.3=10.0.0.3:2888:3888:participant\nversion=0";
        assertEquals(129, config.length());
        byte[] payload = bytes(NotificationCodec.encode(Notification.of(PeerState.LOOKING, 3, 0x100000005L, 2, 1, config)));
        assertEquals(173, payload.length);
        byte[] head = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0, 0, 1, 0, 0, 0, 5, 0, 0, 0, 0, 0, 0, 0, 2,
                0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, (byte) 0x81, 's', 'e', 'r', 'v', 'e', 'r', '.', '1'};
        byte[] actualHead = new byte[head.length];
        System.arraycopy(payload, 0, actualHead, 0, head.length);
        assertArrayEquals(head, actualHead);
    }
}
