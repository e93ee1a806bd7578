package dev.ballot.core.quorum;

import dev.ballot.core.config.QuorumServer;
import dev.ballot.core.config.ServerSpec;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The configuration text ZooKeeper 3.9 puts into notifications (docs/protocol.md "The config payload"), written and parsed.
 *
 * <pre>
 * server.&lt;sid&gt;=&lt;host&gt;:&lt;qp&gt;:&lt;ep&gt;[|&lt;host&gt;:&lt;qp&gt;:&lt;ep&gt;...]:&lt;participant|observer&gt;[;&lt;clientHost&gt;:&lt;clientPort&gt;]   one per member
 * group.&lt;gid&gt;=&lt;sid&gt;:&lt;sid&gt;...                                                       hierarchical only
 * weight.&lt;sid&gt;=&lt;w&gt;                                                                  hierarchical only, every participant
 * version=&lt;lower-case hex&gt;                                                           always last
 * </pre>
 *
 * Lines are joined by {@code \n} with no trailing newline. To be byte-identical with ZooKeeper, lines
 * (and the sids of a group line) come in Java {@code HashMap}/{@code HashSet} iteration order, the
 * order ZooKeeper's maps give, with sids inserted in ascending order; a multi-address server lists its
 * quorum addresses and its election addresses each sorted by (host text, port) and pairs them by
 * position, as ZooKeeper does. Receivers do not care about line order.
 *
 * <p>Stateless; thread-safe.
 */
public final class ConfigText {
    private static final Comparator<InetSocketAddress> ZK_ADDRESS_ORDER =
            Comparator.comparing(HostText::plain).thenComparingInt(InetSocketAddress::getPort);

    private ConfigText() {
    }

    static String write(Map<Long, QuorumServer> members, Map<Long, Set<Long>> groups, Map<Long, Long> weights,
                        long version) {
        List<String> lines = new ArrayList<>();
        hashOrder(members).values().forEach(server -> lines.add("server." + server.sid() + "=" + serverSpec(server)));
        hashOrder(groups).forEach((gid, sids) -> lines.add("group." + gid + "="
                + hashOrder(sids).stream().map(String::valueOf).collect(Collectors.joining(":"))));
        hashOrder(weights).forEach((sid, weight) -> lines.add("weight." + sid + "=" + weight));
        lines.add("version=" + Long.toHexString(version));
        return String.join("\n", lines);
    }

    /** A {@link HashMap} filled in ascending key order: the iteration order ZooKeeper's maps have. */
    private static <V> Map<Long, V> hashOrder(Map<Long, V> map) {
        Map<Long, V> hashed = new HashMap<>();
        new TreeMap<>(map).forEach(hashed::put);
        return hashed;
    }

    /** A {@link HashSet} filled in ascending order, as ZooKeeper fills its group sets. */
    private static Set<Long> hashOrder(Set<Long> sids) {
        Set<Long> hashed = new HashSet<>();
        hashed.addAll(new TreeSet<>(sids));
        return hashed;
    }

    /** The value of a {@code server.N} line: {@code host:qp:ep[|host:qp:ep...]:type[;clientHost:clientPort]}. */
    public static String serverSpec(QuorumServer server) {
        List<InetSocketAddress> quorum = new ArrayList<>(server.quorumAddresses());
        List<InetSocketAddress> election = new ArrayList<>(server.electionAddresses());
        if (quorum.size() > 1) {
            quorum.sort(ZK_ADDRESS_ORDER);
            election.sort(ZK_ADDRESS_ORDER);
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < quorum.size(); i++) {
            sb.append(i > 0 ? "|" : "").append(HostText.of(quorum.get(i))).append(':').append(quorum.get(i).getPort())
                    .append(':').append(election.get(i).getPort());
        }
        sb.append(':').append(server.type().configWord());
        server.clientAddress().ifPresent(ca -> sb.append(';').append(HostText.of(ca)).append(':').append(ca.getPort()));
        return sb.toString();
    }

    /**
     * Parses config text as a 3.9 receiver does (docs/protocol.md "The config payload"): {@code java.util.Properties} syntax; only
     * {@code server.N}, {@code group.N}, {@code weight.N} and {@code version} keys; hierarchical when any
     * group or weight key is present; {@code version} in hex (0 when absent).
     *
     * @throws IllegalArgumentException saying what is wrong (unknown key, bad number, bad server spec,
     *                                  broken hierarchical rule)
     */
    public static QuorumVerifier parse(String text) {
        Properties props = new Properties();
        try {
            props.load(new StringReader(text));
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringReader does not fail
        }
        Map<Long, QuorumServer> servers = new TreeMap<>();
        Map<Long, Set<Long>> groups = new TreeMap<>();
        Map<Long, Long> weights = new TreeMap<>();
        long version = 0;
        for (String key : props.stringPropertyNames()) {
            String value = props.getProperty(key).trim();
            if (key.startsWith("server.")) {
                long sid = id(key, "server.");
                servers.put(sid, ServerSpec.parse(sid, value));
            } else if (key.startsWith("group.")) {
                groups.put(id(key, "group."), sids(key, value));
            } else if (key.startsWith("weight.")) {
                weights.put(id(key, "weight."), number(key, value, 10));
            } else if (key.equals("version")) {
                version = number(key, value, 16);
            } else {
                throw new IllegalArgumentException("unexpected key '" + key + "' in config text");
            }
        }
        return groups.isEmpty() && weights.isEmpty() ? new MajorityQuorumVerifier(servers, version)
                : new HierarchicalQuorumVerifier(servers, groups, weights, version);
    }

    private static long id(String key, String prefix) {
        return number(key, key.substring(prefix.length()), 10);
    }

    private static Set<Long> sids(String key, String value) {
        Set<Long> sids = new LinkedHashSet<>();
        for (String s : value.split(":", -1)) {
            sids.add(number(key, s.trim(), 10));
        }
        return sids;
    }

    private static long number(String key, String text, int radix) {
        try {
            return Long.parseLong(text, radix);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + ": '" + text + "' is not a " + (radix == 16 ? "hex " : "")
                    + "number");
        }
    }
}
