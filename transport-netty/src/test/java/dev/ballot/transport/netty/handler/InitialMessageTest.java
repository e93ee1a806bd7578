package dev.ballot.transport.netty.handler;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class InitialMessageTest {

    @Test
    void specExampleV1FromSid3() { // spec 1.2.6
        byte[] got = Bytes.toArray(InitialMessage.encode(ByteBufAllocator.DEFAULT, 3,
                List.of(InetSocketAddress.createUnresolved("10.0.0.3", 3888)), false));
        assertEquals("ffffffffffff0000" + "0000000000000003" + "0000000d" + "31302e302e302e333a33383838",
                ByteBufUtil.hexDump(got));
        assertEquals(33, got.length);
    }

    @Test
    void v2JoinsEveryAddressAndExpandsIpv6() {
        byte[] got = Bytes.toArray(InitialMessage.encode(ByteBufAllocator.DEFAULT, 7, List.of(
                InetSocketAddress.createUnresolved("a.example", 1), InetSocketAddress.createUnresolved("::1", 2)), true));
        assertArrayEquals(Bytes.initial(InitialMessage.V2, 7, "a.example:1|[0:0:0:0:0:0:0:1]:2"), got);
    }

    @Test
    void v1SendsOnlyTheFirstAddress() {
        byte[] got = Bytes.toArray(InitialMessage.encode(ByteBufAllocator.DEFAULT, 7, List.of(
                InetSocketAddress.createUnresolved("a", 1), InetSocketAddress.createUnresolved("b", 2)), false));
        assertArrayEquals(Bytes.initial(InitialMessage.V1, 7, "a:1"), got);
    }

    @Test
    void overlongOwnAddressIsAConfigurationError() {
        assertThrows(IllegalArgumentException.class, () -> InitialMessage.encode(ByteBufAllocator.DEFAULT, 7,
                List.of(InetSocketAddress.createUnresolved("h".repeat(2100), 1)), false));
    }
}
