package dev.ballot.core.config;

import dev.ballot.core.LearnerType;
import dev.ballot.core.quorum.HostText;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Parses the value of a {@code server.N} line (docs/protocol.md "zoo.cfg keys"), as written in zoo.cfg and in the config
 * text of notifications (docs/protocol.md "The config payload"):
 *
 * <pre>
 * value   = item *( "|" item ) [ ";" client ]
 * item    = host ":" quorumPort ":" electionPort [ ":" ( "participant" | "observer" ) ]   (type case-insensitive)
 * client  = [ host ":" ] clientPort                                                       (no host: 0.0.0.0)
 * host    = name | IPv4 literal | "[" IPv6 literal "]"
 * </pre>
 *
 * Ports are 1..65535; a quorum port equal to its election port is refused; items that declare a type
 * must agree, and a server without any type is a participant. Unlike ZooKeeper, a {@code |} list is
 * accepted without a JVM property (Ballot has none). Addresses stay unresolved; IPv6 hosts are kept
 * without brackets, as written.
 *
 * <p>Stateless; thread-safe.
 */
public final class ServerSpec {
    private ServerSpec() {
    }

    /**
     * Parses {@code value} for sid {@code sid}.
     *
     * @throws IllegalArgumentException saying what is wrong with the value (without file or line)
     */
    public static QuorumServer parse(long sid, String value) {
        String[] parts = value.split(";", -1);
        if (parts.length > 2) {
            throw new IllegalArgumentException("'" + value + "' has more than one ';' (expected "
                    + "host:quorumPort:electionPort[:participant|:observer][;[clientHost:]clientPort])");
        }
        List<InetSocketAddress> quorum = new ArrayList<>();
        List<InetSocketAddress> election = new ArrayList<>();
        LearnerType type = null;
        for (String item : parts[0].split("\\|", -1)) {
            Item parsed = item(item.trim());
            if (parsed.type != null && type != null && parsed.type != type) {
                throw new IllegalArgumentException("'" + value + "' mixes participant and observer addresses; "
                        + "all items of one server must have the same type");
            }
            type = parsed.type != null ? parsed.type : type;
            quorum.add(InetSocketAddress.createUnresolved(parsed.host, parsed.quorumPort));
            election.add(InetSocketAddress.createUnresolved(parsed.host, parsed.electionPort));
        }
        Optional<InetSocketAddress> client = parts.length == 2 && !parts[1].isBlank()
                ? Optional.of(client(parts[1].trim())) : Optional.empty();
        return new QuorumServer(sid, quorum, election, type == null ? LearnerType.PARTICIPANT : type, client);
    }

    private record Item(String host, int quorumPort, int electionPort, LearnerType type) {
    }

    private static Item item(String item) {
        if (item.isEmpty()) {
            throw new IllegalArgumentException("empty address item (stray '|'?)");
        }
        HostAndRest hr = splitHost(item);
        String[] fields = hr.rest.isEmpty() ? new String[0] : hr.rest.split(":", -1);
        if (fields.length < 2) {
            throw new IllegalArgumentException("'" + item + "' has no election port (expected "
                    + "host:quorumPort:electionPort; the election port is mandatory)");
        }
        if (fields.length > 3) {
            throw new IllegalArgumentException("'" + item + "' has too many ':' fields; IPv6 literals go in "
                    + "brackets, e.g. [::1]:2888:3888");
        }
        int quorumPort = port(fields[0], "quorum port", item);
        int electionPort = port(fields[1], "election port", item);
        if (quorumPort == electionPort) {
            throw new IllegalArgumentException("'" + item + "': quorum port and election port must differ");
        }
        LearnerType type = fields.length == 3 ? type(fields[2], item) : null;
        return new Item(hr.host, quorumPort, electionPort, type);
    }

    private static InetSocketAddress client(String client) {
        int colon = client.lastIndexOf(':');
        if (colon < 0 || (client.startsWith("[") && client.lastIndexOf(']') > colon)) {
            return InetSocketAddress.createUnresolved("0.0.0.0", port(client, "client port", client));
        }
        HostAndRest hr = splitHost(client);
        if (hr.rest.contains(":")) {
            throw new IllegalArgumentException("client address '" + client + "' must be [host:]port; "
                    + "IPv6 literals go in brackets");
        }
        return InetSocketAddress.createUnresolved(hr.host, port(hr.rest, "client port", client));
    }

    private record HostAndRest(String host, String rest) {
    }

    /** Splits {@code host:rest} or {@code [v6]:rest}; {@code rest} excludes the separating colon. */
    private static HostAndRest splitHost(String text) {
        String host;
        String rest;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("'" + text + "': '[' without ']'");
            }
            host = text.substring(1, close);
            rest = text.substring(close + 1);
            if (!rest.isEmpty() && rest.charAt(0) != ':') {
                throw new IllegalArgumentException("'" + text + "': expected ':' after ']'");
            }
            rest = rest.isEmpty() ? rest : rest.substring(1);
            if (!HostText.isIpv6Literal(host)) {
                throw new IllegalArgumentException("'" + text + "': '" + host + "' is not an IPv6 literal");
            }
        } else {
            int colon = text.indexOf(':');
            host = colon < 0 ? text : text.substring(0, colon);
            rest = colon < 0 ? "" : text.substring(colon + 1);
        }
        if (host.isEmpty() || host.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("'" + text + "': missing or blank host");
        }
        return new HostAndRest(host, rest);
    }

    private static int port(String text, String what, String context) {
        String t = text.trim();
        int port;
        try {
            port = Integer.parseInt(t);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + context + "': " + what + " '" + t + "' is not a number");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("'" + context + "': " + what + " " + port + " is out of range 1..65535");
        }
        return port;
    }

    private static LearnerType type(String text, String context) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("participant")) {
            return LearnerType.PARTICIPANT;
        }
        if (t.equals("observer")) {
            return LearnerType.OBSERVER;
        }
        throw new IllegalArgumentException("'" + context + "': unknown server type '" + text.trim()
                + "' (expected participant or observer)");
    }
}
