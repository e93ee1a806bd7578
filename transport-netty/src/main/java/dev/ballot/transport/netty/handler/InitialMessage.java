package dev.ballot.transport.netty.handler;

import dev.ballot.core.quorum.HostText;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.NetUtil;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The initial message a connecting peer sends once (docs/protocol.md "The initial message"): its encoder, and the parser of the
 * advertised address text with ZooKeeper 3.9's acceptance rules but no DNS.
 *
 * <pre>
 * V1 / V2 (20 + n bytes)                                   legacy (8 bytes)
 * +------------------+----------+-------------+---------+  +----------+
 * | version (long)   | sid      | n (int)     | text    |  | sid >= 0 |
 * | -65536 or -65535 | (long)   | 1..2048     | n bytes |  | (long)   |
 * +------------------+----------+-------------+---------+  +----------+
 * text = host:port[|host:port...]  (UTF-8; V1 carries one item)
 * </pre>
 *
 * @param version   {@link #V1}, {@link #V2}, or {@link #LEGACY} for the sid-only form
 * @param sid       the initiator's sid
 * @param addresses the advertised addresses, unresolved, wildcards dropped
 * @see "docs/protocol.md, The initial message"
 */
public record InitialMessage(long version, long sid, List<InetSocketAddress> addresses) {
    /** Protocol version 1 (ZOOKEEPER-107): one address. */
    public static final long V1 = -65536L;
    /** Protocol version 2 (ZOOKEEPER-3188): several addresses joined by {@code |}. */
    public static final long V2 = -65535L;
    /** Marker for the legacy form, whose first long is the sid itself. */
    public static final long LEGACY = 0L;
    /** Upper bound on the address text, in bytes. */
    public static final int MAX_ADDRESS_BYTES = 2048;
    /** Bytes before the address text in V1/V2. */
    public static final int HEADER_BYTES = 20;

    public InitialMessage {
        addresses = List.copyOf(addresses);
    }

    /**
     * Encodes the message into one buffer, to be written with one {@code writeAndFlush} (docs/protocol.md "The initial message").
     *
     * @param multiAddress true for V2 with every address, false for V1 with the first
     */
    public static ByteBuf encode(ByteBufAllocator alloc, long sid, List<InetSocketAddress> own, boolean multiAddress) {
        if (own.isEmpty()) {
            throw new IllegalArgumentException("sid " + sid + ": no election address to advertise");
        }
        List<InetSocketAddress> sent = multiAddress ? own : own.subList(0, 1);
        String text = sent.stream().map(HostText::hostAndPort).collect(Collectors.joining("|"));
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > MAX_ADDRESS_BYTES) {
            throw new IllegalArgumentException("sid " + sid + ": address text longer than 2048 bytes: " + text);
        }
        ByteBuf buf = alloc.buffer(HEADER_BYTES + bytes.length);
        buf.writeLong(multiAddress ? V2 : V1).writeLong(sid).writeInt(bytes.length).writeBytes(bytes);
        return buf;
    }

    /**
     * Parses the address text as a 3.9 acceptor does (docs/protocol.md "Validating the initial message" step 4), without resolving anything.
     *
     * @throws HandshakeException {@code BAD_ADDRESS} naming the offending item
     */
    public static List<InetSocketAddress> parseAddresses(String text) {
        String[] items = text.split("\\|");
        List<InetSocketAddress> out = new ArrayList<>(items.length);
        for (String item : items) {
            InetSocketAddress address = parseItem(item);
            if (!isWildcard(address.getHostString())) {
                out.add(address);
            }
        }
        return out;
    }

    private static InetSocketAddress parseItem(String item) {
        String host;
        String[] rest;
        if (item.startsWith("[")) {
            int end = item.indexOf(']');
            if (end < 0 || end + 2 > item.length()) {
                throw badAddress(item);
            }
            host = item.substring(1, end);
            rest = item.substring(end + 2).split(":");
            if (rest.length != 1) {
                throw badAddress(item);
            }
        } else {
            String[] parts = item.split(":");
            if (parts.length != 2) {
                throw badAddress(item);
            }
            host = parts[0];
            rest = new String[] {parts[1]};
        }
        return InetSocketAddress.createUnresolved(host, parsePort(item, rest[0]));
    }

    private static int parsePort(String item, String text) {
        int port;
        try {
            port = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw badAddress(item);
        }
        if (port < 0 || port > 65535) {
            throw badAddress(item);
        }
        return port;
    }

    /** Whether a host text is the IPv4 or IPv6 wildcard literal (no DNS). */
    static boolean isWildcard(String host) {
        byte[] ip = NetUtil.createByteArrayFromIpAddressString(host);
        if (ip == null) {
            return false;
        }
        for (byte b : ip) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    private static HandshakeException badAddress(String item) {
        String shown = item.length() > 64 ? item.substring(0, 64) + "..." : item;
        return new HandshakeException(HandshakeException.Reason.BAD_ADDRESS, "badly formed address '" + shown + "'");
    }

    /** Human-readable form for logs. */
    @Override
    public String toString() {
        String v = version == V1 ? "V1" : version == V2 ? "V2" : "legacy";
        return "InitialMessage[" + v + ", sid=" + sid + ", addresses=" + Objects.toString(addresses) + "]";
    }
}
