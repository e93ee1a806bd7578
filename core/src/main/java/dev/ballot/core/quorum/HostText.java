package dev.ballot.core.quorum;

import java.net.InetSocketAddress;

/**
 * The host text ZooKeeper prints for an address (spec §1.2.3): the host as written, IPv6 literals in
 * brackets and in full uncompressed form ({@code [0:0:0:0:0:0:0:1]}).
 */
public final class HostText {
    private HostText() {
    }

    /** Host text of an (unresolved or resolved) address, without the port. */
    public static String of(InetSocketAddress address) {
        String host = address.getHostString();
        if (host.indexOf(':') >= 0) {
            return "[" + expandIpv6(host) + "]";
        }
        return host;
    }

    /** {@code host:port} as ZooKeeper writes it in an initial message. */
    public static String hostAndPort(InetSocketAddress address) {
        return of(address) + ":" + address.getPort();
    }

    /** Expands an IPv6 literal to Java's full form ({@code ::1} becomes {@code 0:0:0:0:0:0:0:1}); no DNS. */
    static String expandIpv6(String literal) {
        String text = literal;
        String zone = "";
        int pct = text.indexOf('%');
        if (pct >= 0) {
            zone = text.substring(pct);
            text = text.substring(0, pct);
        }
        String[] head;
        String[] tail;
        int dbl = text.indexOf("::");
        if (dbl >= 0) {
            head = splitGroups(text.substring(0, dbl));
            tail = splitGroups(text.substring(dbl + 2));
        } else {
            head = splitGroups(text);
            tail = new String[0];
        }
        int missing = 8 - head.length - tail.length;
        if (missing < 0 || (dbl < 0 && missing != 0)) {
            return literal; // not a plain 8-group literal (for example an embedded IPv4 form): leave as written
        }
        StringBuilder sb = new StringBuilder();
        appendGroups(sb, head);
        for (int i = 0; i < missing; i++) {
            appendGroup(sb, "0");
        }
        appendGroups(sb, tail);
        return sb + zone;
    }

    private static String[] splitGroups(String part) {
        return part.isEmpty() ? new String[0] : part.split(":", -1);
    }

    private static void appendGroups(StringBuilder sb, String[] groups) {
        for (String g : groups) {
            appendGroup(sb, g);
        }
    }

    private static void appendGroup(StringBuilder sb, String group) {
        if (sb.length() > 0) {
            sb.append(':');
        }
        String stripped = group.replaceFirst("^0+(?=.)", "").toLowerCase(java.util.Locale.ROOT);
        sb.append(stripped);
    }
}
