package dev.ballot.core.quorum;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetSocketAddress;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * docs/protocol.md "The initial message": host text as ZooKeeper prints it. For IPv6 literals the oracle is the JDK itself:
 * {@code new InetSocketAddress(literal, port).getHostString()}, which is what ZooKeeper prints.
 */
class HostTextTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"::1", "::", "1::", "2001:DB8::AB", "2001:0db8:0000:0000:0000:0000:0000:0001",
            "1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7::", "::2:3:4:5:6:7:8", "a:b::c", "::ffff:1.2.3.4", "::1.2.3.4",
            "::ffff:abcd:1234", "64:ff9b::192.0.2.33", "0:0:0:0:0:0:0:1", "FFFF::ffff"})
    void ipv6Literal_printsAsTheJdkDoes(String literal) {
        String jdk = new InetSocketAddress(literal, 3888).getHostString();
        String expected = jdk.indexOf(':') >= 0 ? "[" + jdk + "]" : jdk;
        InetSocketAddress unresolved = InetSocketAddress.createUnresolved(literal, 3888);
        assertEquals(expected, HostText.of(unresolved));
        assertEquals(expected + ":3888", HostText.hostAndPort(unresolved));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            127.0.0.1          | 127.0.0.1
            zk1.example.com    | zk1.example.com
            0.0.0.0            | 0.0.0.0
            h\u00f6st.example  | h\u00f6st.example
            ::1                | [0:0:0:0:0:0:0:1]
            fe80::1%lo         | [fe80:0:0:0:0:0:0:1%lo]
            fe80::1%7          | [fe80:0:0:0:0:0:0:1%7]
            1:2:3:4:5:6:7:8:9  | [1:2:3:4:5:6:7:8:9]
            zz::1              | [zz::1]
            1::2::3            | [1::2::3]
            ::1.2.3            | [::1.2.3]
            """)
    void otherHosts(String host, String text) {
        assertEquals(text, HostText.of(InetSocketAddress.createUnresolved(host, 1)));
    }
}
