package dev.ballot.core.quorum;

import dev.ballot.core.config.QuorumServer;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Writes the configuration text ZooKeeper 3.9 puts into notifications (spec §3.3): one
 * {@code server.N=...} line per member, {@code group.}/{@code weight.} lines for hierarchical configs,
 * then {@code version=<lower-case hex>}; lines joined by {@code \n}, no trailing newline.
 */
final class ConfigText {
    private ConfigText() {
    }

    static String write(Map<Long, QuorumServer> members, Map<Long, Set<Long>> groups, Map<Long, Long> weights,
                        long version) {
        List<String> lines = new ArrayList<>();
        members.values().forEach(server -> lines.add("server." + server.sid() + "=" + serverSpec(server)));
        groups.forEach((gid, sids) -> lines.add("group." + gid + "="
                + sids.stream().map(String::valueOf).collect(Collectors.joining(":"))));
        weights.forEach((sid, weight) -> lines.add("weight." + sid + "=" + weight));
        lines.add("version=" + Long.toHexString(version));
        return String.join("\n", lines);
    }

    /** The value of a {@code server.N} line: {@code host:qp:ep[|host:qp:ep...]:type[;clientHost:clientPort]}. */
    static String serverSpec(QuorumServer server) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < server.quorumAddresses().size(); i++) {
            if (i > 0) {
                sb.append('|');
            }
            InetSocketAddress qa = server.quorumAddresses().get(i);
            InetSocketAddress ea = server.electionAddresses().get(i);
            sb.append(HostText.of(qa)).append(':').append(qa.getPort()).append(':').append(ea.getPort());
        }
        sb.append(':').append(server.type().configWord());
        server.clientAddress().ifPresent(ca -> sb.append(';').append(HostText.of(ca)).append(':').append(ca.getPort()));
        return sb.toString();
    }
}
