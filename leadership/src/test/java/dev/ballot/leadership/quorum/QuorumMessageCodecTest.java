package dev.ballot.leadership.quorum;

import dev.ballot.core.LearnerType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class QuorumMessageCodecTest {

    @Test
    void everyMessage_roundTrips() {
        List<QuorumMessage> all = List.of(
                new QuorumMessage.Hello(Long.MAX_VALUE, LearnerType.OBSERVER, 0, 0x7FFFFFFFL, Long.MAX_VALUE),
                new QuorumMessage.NewEpoch(0x7FFFFFFFL),
                new QuorumMessage.Hello(3, LearnerType.PARTICIPANT, 1, 1, 0),
                new QuorumMessage.NewEpoch(5), new QuorumMessage.AckEpoch(5), new QuorumMessage.Established(5),
                new QuorumMessage.Ping(-1), new QuorumMessage.Pong(9),
                new QuorumMessage.Leaving("SIGTERM ü"), new QuorumMessage.Reject(""), new QuorumMessage.NotLeading(2));
        for (QuorumMessage m : all) {
            ByteBuf buf = QuorumMessageCodec.encode(ByteBufAllocator.DEFAULT, m);
            try {
                assertEquals(m, QuorumMessageCodec.decode(buf));
            } finally {
                buf.release();
            }
        }
    }

    @Test
    void helloBytes_matchTheDocumentedLayout() {
        ByteBuf buf = QuorumMessageCodec.encode(ByteBufAllocator.DEFAULT,
                new QuorumMessage.Hello(2, LearnerType.OBSERVER, 3, 4, 5));
        try {
            assertEquals("0101" + "0000000000000002" + "01" + "0000000000000003" + "0000000000000004" + "0000000000000005",
                    io.netty.buffer.ByteBufUtil.hexDump(buf));
        } finally {
            buf.release();
        }
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "'',                       shorter than its header",
            "02 02 0000000000000001,   unsupported protocol version 2",
            "01 0a,                    unknown message type 10",
            "01 02 00000001,           NEW_EPOCH: needs 8 more bytes",
            "01 02 0000000000000001 00, 1 trailing bytes",
            "01 01 0000000000000002 02 000000000000000000000000000000000000000000000000, unknown learner type 2",
            "01 07 0005 6869,          LEAVING: needs 5 more bytes",
            "01 08 0201,               REJECT: reason of 513 bytes exceeds 512",
            "01 01 0000000000000002 00 0000000080000000 0000000000000001 0000000000000000, HELLO acceptedEpoch 2147483648 is outside 0..2147483647",
            "01 01 0000000000000002 00 ffffffffffffffff 0000000000000001 0000000000000000, HELLO acceptedEpoch -1 is outside",
            "01 01 0000000000000002 00 0000000000000001 7fffffffffffffff 0000000000000000, HELLO currentEpoch 9223372036854775807 is outside",
            "01 01 0000000000000002 00 0000000000000001 0000000000000001 ffffffffffffffff, HELLO: negative lastZxid 0xffffffffffffffff",
            "01 02 0000000100000000,   NEW_EPOCH epoch 4294967296 is outside",
    })
    void malformedPayload_raisesTypedException(String hex, String message) {
        ByteBuf in = Unpooled.wrappedBuffer(io.netty.buffer.ByteBufUtil.decodeHexDump(hex.replace(" ", "")));
        try {
            QuorumProtocolException e = assertThrows(QuorumProtocolException.class, () -> QuorumMessageCodec.decode(in));
            assertTrue(e.getMessage().contains(message), e.getMessage());
        } finally {
            in.release();
        }
    }
}
