package dev.ballot.core.codec;

import dev.ballot.core.Notification;
import dev.ballot.core.PeerState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * docs/protocol.md "Decoding shorter notifications": every payload length a 3.9 receiver accepts, and every malformed case it drops. Payloads
 * are the full layout (state, leader 3, zxid 0x100000005, round 2, peerEpoch 7, version, configLength,
 * config "abc...") cut or zero-padded to {@code length}.
 */
class NotificationCodecTest {

    @ParameterizedTest(name = "state={0} version={1} configLength={2} config={3}B length={4} -> v{5} peerEpoch={6} config={7}B")
    @CsvSource(delimiter = '|', textBlock = """
            # state | version | configLength | configBytes | length | → version | peerEpoch | config bytes
            0       | 2       | 0            | 0           | 28     | 0         | 1         | 0
            3       | 2       | 0            | 0           | 28     | 0         | 1         | 0
            1       | 2       | 0            | 0           | 40     | 0         | 7         | 0
            2       | 1       | 0            | 0           | 40     | 0         | 7         | 0
            0       | 1       | 0            | 0           | 41     | 1         | 7         | 0
            0       | 0       | 0            | 0           | 42     | 0         | 7         | 0
            0       | -1      | 0            | 0           | 43     | -1        | 7         | 0
            0       | 1       | 999          | 0           | 44     | 1         | 7         | 0
            0       | -2147483648 | -5       | 0           | 60     | -2147483648 | 7       | 0
            0       | 2       | 0            | 0           | 44     | 2         | 7         | 0
            0       | 2       | 3            | 3           | 47     | 2         | 7         | 3
            0       | 2       | 3            | 3           | 50     | 2         | 7         | 3
            1       | 3       | 3            | 3           | 47     | 3         | 7         | 3
            2       | 2147483647 | 0         | 0           | 44     | 2147483647 | 7        | 0
            0       | 2       | 47           | 3           | 91     | 2         | 7         | 47
            0       | 2       | 500          | 500         | 544    | 2         | 7         | 500
            """)
    void acceptedForms(int state, int version, int configLength, int configBytes, int length,
                       int decodedVersion, long peerEpoch, int decodedConfigBytes) {
        ByteBuffer buf = ByteBuffer.wrap(Payloads.build(state, version, configLength, configBytes, length));
        Notification n = NotificationCodec.decode(buf);
        String config = decodedConfigBytes == 47 ? Payloads.config(3) + "\0".repeat(44) : Payloads.config(decodedConfigBytes);
        assertEquals(new Notification(PeerState.fromCode(state), Payloads.LEADER, Payloads.ZXID, Payloads.ELECTION_EPOCH,
                peerEpoch, decodedVersion, config), n);
        assertEquals(0, buf.remaining(), "decode consumes the whole payload, trailing bytes included");
    }

    @ParameterizedTest(name = "state={0} version={1} configLength={2} config={3}B length={4} -> {5}")
    @CsvSource(delimiter = '|', textBlock = """
            # state | version | configLength | configBytes | length | reason              | message
            0       | 2       | 0            | 0           | 0      | SHORT               | short notification: 0 bytes, need at least 28
            0       | 2       | 0            | 0           | 27     | SHORT               | short notification: 27 bytes, need at least 28
            0       | 2       | 0            | 0           | 29     | TRUNCATED           | truncated notification: 29 bytes
            0       | 2       | 0            | 0           | 36     | TRUNCATED           | truncated notification: 36 bytes
            0       | 2       | 0            | 0           | 39     | TRUNCATED           | truncated notification: 39 bytes
            0       | 2       | 0            | 0           | 41     | TRUNCATED           | version-2 notification of 41 bytes has no room for configLength
            0       | 5       | 0            | 0           | 43     | TRUNCATED           | version-2 notification of 43 bytes has no room for configLength
            0       | 2       | -1           | 0           | 44     | BAD_CONFIG_LENGTH   | invalid configLength -1 in a notification of 44 bytes
            0       | 2       | -2147483648  | 0           | 44     | BAD_CONFIG_LENGTH   | invalid configLength -2147483648
            0       | 2       | 2147483647   | 0           | 48     | BAD_CONFIG_LENGTH   | invalid configLength 2147483647 in a notification of 48 bytes
            0       | 2       | 49           | 5           | 48     | BAD_CONFIG_LENGTH   | invalid configLength 49 in a notification of 48 bytes
            0       | 2       | 48           | 4           | 48     | BAD_CONFIG_LENGTH   | configLength 48 exceeds the 4 bytes that follow it
            0       | 2       | 5            | 4           | 48     | BAD_CONFIG_LENGTH   | configLength 5 exceeds the 4 bytes that follow it
            4       | 2       | 0            | 0           | 28     | UNKNOWN_STATE       | unknown state code 4 (expected 0..3)
            -1      | 2       | 0            | 0           | 40     | UNKNOWN_STATE       | unknown state code -1 (expected 0..3)
            2147483647 | 2    | 3            | 3           | 47     | UNKNOWN_STATE       | unknown state code 2147483647
            4       | 2       | -1           | 0           | 44     | BAD_CONFIG_LENGTH   | invalid configLength -1
            4       | 2       | 0            | 0           | 30     | TRUNCATED           | truncated notification: 30 bytes
            """)
    void refusedForms(int state, int version, int configLength, int configBytes, int length,
                      NotificationFormatException.Reason reason, String message) {
        ByteBuffer buf = ByteBuffer.wrap(Payloads.build(state, version, configLength, configBytes, length));
        NotificationFormatException e = assertThrows(NotificationFormatException.class, () -> NotificationCodec.decode(buf));
        assertEquals(reason, e.reason());
        assertTrue(e.getMessage().startsWith(message), e.getMessage());
        assertEquals(0, buf.position(), "a refused payload is not consumed");
    }

    @Test
    void decode_readsFromThePositionOfABiggerBuffer() {
        ByteBuffer encoded = NotificationCodec.encode(Notification.of(PeerState.FOLLOWING, -1, -1, 5, -1, "version=0"));
        ByteBuffer framed = ByteBuffer.allocateDirect(3 + encoded.remaining());
        framed.put(new byte[] {9, 9, 9}).put(encoded).flip().position(3);
        assertEquals(Notification.of(PeerState.FOLLOWING, -1, -1, 5, -1, "version=0"), NotificationCodec.decode(framed));
        assertEquals(framed.limit(), framed.position());
    }

    @Test
    void encode_alwaysWritesVersion2_andReturnsAFlippedBuffer() {
        ByteBuffer buf = NotificationCodec.encode(new Notification(PeerState.OBSERVING, 1, 2, 3, 4, 0, "ab"));
        assertEquals(0, buf.position());
        assertEquals(46, buf.remaining());
        assertEquals(3, buf.getInt(0));
        assertEquals(2, buf.getInt(36));
        assertEquals(2, buf.getInt(40));
    }

    @Test
    void hugeClaimedConfigLength_allocatesNothingNearIt() {
        java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        assumeTrue(bean instanceof com.sun.management.ThreadMXBean, "needs HotSpot's allocation counter");
        com.sun.management.ThreadMXBean hotspot = (com.sun.management.ThreadMXBean) bean;
        assumeTrue(hotspot.isThreadAllocatedMemorySupported() && hotspot.isThreadAllocatedMemoryEnabled());
        byte[] frame = Payloads.build(0, 2, Integer.MAX_VALUE - 8, 4, 48);
        long tid = Thread.currentThread().getId();
        long before = hotspot.getThreadAllocatedBytes(tid);
        for (int i = 0; i < 10; i++) {
            assertThrows(NotificationFormatException.class, () -> NotificationCodec.decode(ByteBuffer.wrap(frame)));
        }
        long allocated = hotspot.getThreadAllocatedBytes(tid) - before;
        assertTrue(allocated < 1 << 20, "10 decodes of a 48-byte frame claiming 2 GiB allocated " + allocated + " bytes");
    }
}
