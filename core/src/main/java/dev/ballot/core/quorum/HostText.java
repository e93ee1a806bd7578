package dev.ballot.core.quorum;

import java.net.InetSocketAddress;
import java.util.Locale;

/**
 * The host text ZooKeeper prints for an address (docs/protocol.md "The initial message", docs/protocol.md "The config payload"): the host as written for names
 * and IPv4 literals; IPv6 literals in Java's full uncompressed form inside brackets
 * ({@code [::1]} prints as {@code [0:0:0:0:0:0:0:1]}), exactly what
 * {@code new InetSocketAddress(literal, port).getHostString()} gives, without resolving anything.
 * IPv4-mapped literals ({@code ::ffff:1.2.3.4}) print as the IPv4 address, as Java does.
 *
 * <p>Stateless; thread-safe.
 */
public final class HostText {
    private HostText() {
    }

    /** Host text of an (unresolved or resolved) address, without the port; IPv6 in brackets. */
    public static String of(InetSocketAddress address) {
        String host = plain(address);
        return host.indexOf(':') >= 0 ? "[" + host + "]" : host;
    }

    /** {@code host:port} as ZooKeeper writes it in an initial message. */
    public static String hostAndPort(InetSocketAddress address) {
        return of(address) + ":" + address.getPort();
    }

    /** Whether {@code text} is an IPv6 literal (without brackets, optionally with a {@code %zone}). No DNS. */
    public static boolean isIpv6Literal(String text) {
        int pct = text.indexOf('%');
        if (pct == 0 || pct == text.length() - 1) {
            return false;
        }
        return groups(pct >= 0 ? text.substring(0, pct) : text) != null;
    }

    /** The host text without brackets: what ZooKeeper's {@code getHostString()} returns for this address. */
    static String plain(InetSocketAddress address) {
        String host = address.getHostString();
        return host.indexOf(':') >= 0 ? expandIpv6(host) : host;
    }

    /**
     * Java's textual form of an IPv6 literal ({@code ::1} becomes {@code 0:0:0:0:0:0:0:1}, an embedded
     * IPv4 tail becomes two hex groups, an IPv4-mapped address becomes dotted IPv4); a zone suffix is
     * kept as written. Text that is not an IPv6 literal is returned unchanged. No DNS.
     */
    static String expandIpv6(String literal) {
        int pct = literal.indexOf('%');
        String text = pct >= 0 ? literal.substring(0, pct) : literal;
        String zone = pct >= 0 ? literal.substring(pct) : "";
        int[] groups = groups(text);
        if (groups == null) {
            return literal;
        }
        if (zone.isEmpty() && isIpv4Mapped(groups)) {
            return (groups[6] >> 8) + "." + (groups[6] & 0xff) + "." + (groups[7] >> 8) + "." + (groups[7] & 0xff);
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            sb.append(i == 0 ? "" : ":").append(Integer.toHexString(groups[i]));
        }
        return sb + zone;
    }

    private static boolean isIpv4Mapped(int[] g) {
        return g[0] == 0 && g[1] == 0 && g[2] == 0 && g[3] == 0 && g[4] == 0 && g[5] == 0xffff;
    }

    /** The 8 groups of {@code text}, or null if it is not an IPv6 literal. */
    private static int[] groups(String text) {
        String body = text;
        int[] tail4 = null;
        int lastColon = body.lastIndexOf(':');
        if (lastColon >= 0 && body.indexOf('.', lastColon) > 0) {
            tail4 = ipv4Groups(body.substring(lastColon + 1));
            if (tail4 == null) {
                return null;
            }
            body = body.substring(0, lastColon + 1) + "0:0"; // placeholders, replaced below
        }
        int dbl = body.indexOf("::");
        if (dbl >= 0 && body.indexOf("::", dbl + 1) >= 0) {
            return null;
        }
        String[] head = split(dbl >= 0 ? body.substring(0, dbl) : body);
        String[] tail = dbl >= 0 ? split(body.substring(dbl + 2)) : new String[0];
        int missing = 8 - head.length - tail.length;
        if (missing < 0 || (dbl < 0 && missing != 0) || (dbl >= 0 && missing == 0)) {
            return null;
        }
        int[] out = new int[8];
        if (!fill(out, 0, head) || !fill(out, 8 - tail.length, tail)) {
            return null;
        }
        if (tail4 != null) {
            out[6] = tail4[0];
            out[7] = tail4[1];
        }
        return out;
    }

    private static String[] split(String part) {
        return part.isEmpty() ? new String[0] : part.split(":", -1);
    }

    private static boolean fill(int[] out, int from, String[] groups) {
        for (int i = 0; i < groups.length; i++) {
            String g = groups[i].toLowerCase(Locale.ROOT);
            if (g.isEmpty() || g.length() > 4 || !g.matches("[0-9a-f]+")) {
                return false;
            }
            out[from + i] = Integer.parseInt(g, 16);
        }
        return true;
    }

    private static int[] ipv4Groups(String dotted) {
        String[] parts = dotted.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        int[] b = new int[4];
        for (int i = 0; i < 4; i++) {
            if (!parts[i].matches("[0-9]{1,3}") || Integer.parseInt(parts[i]) > 255) {
                return null;
            }
            b[i] = Integer.parseInt(parts[i]);
        }
        return new int[] {(b[0] << 8) | b[1], (b[2] << 8) | b[3]};
    }
}
