package dev.ballot.core.config;

import dev.ballot.core.quorum.HierarchicalQuorumVerifier;
import dev.ballot.core.quorum.HostText;
import dev.ballot.core.quorum.MajorityQuorumVerifier;
import dev.ballot.core.quorum.QuorumVerifier;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Collects {@code server.N}, {@code group.N} and {@code weight.N} entries and builds the verifier
 * (docs/protocol.md "Quorums and termination", docs/protocol.md "zoo.cfg keys"): hierarchical when any group or weight key is present, majority otherwise. Every
 * rule is checked here with the line of the entry at fault, before the verifier checks it again.
 * Not thread-safe (one instance per parse).
 */
final class QuorumSection {
    private final Path file;
    private final Values values;
    private final Map<Long, QuorumServer> servers = new TreeMap<>();
    private final Map<Long, PropertiesReader.Entry> serverLines = new TreeMap<>();
    private final Map<Long, PropertiesReader.Entry> groupLines = new TreeMap<>();
    private final Map<Long, PropertiesReader.Entry> weightLines = new TreeMap<>();
    private final Map<String, PropertiesReader.Entry> addressUsers = new HashMap<>();

    QuorumSection(Path file, Values values) {
        this.file = file;
        this.values = values;
    }

    /** Takes the entry if it is a server, group or weight key; returns whether it did. */
    boolean accept(PropertiesReader.Entry e) {
        String key = e.key();
        if (key.startsWith("server.")) {
            long sid = values.idSuffix(e, "server.");
            unique(serverLines, sid, e);
            QuorumServer server;
            try {
                server = ServerSpec.parse(sid, e.value());
            } catch (IllegalArgumentException ex) {
                throw values.error(e, key + ": " + ex.getMessage());
            }
            distinctAddresses(server, e);
            servers.put(sid, server);
            return true;
        }
        if (key.startsWith("group.")) {
            unique(groupLines, values.idSuffix(e, "group."), e);
            return true;
        }
        if (key.startsWith("weight.")) {
            unique(weightLines, values.idSuffix(e, "weight."), e);
            return true;
        }
        return false;
    }

    /**
     * Refuses a server that uses a host:port an earlier server uses (as its quorum or election port):
     * two peers cannot listen on one address, and a copied line would give two sids one peer.
     * Host text is compared as written (case-insensitive); names are not resolved.
     */
    private void distinctAddresses(QuorumServer server, PropertiesReader.Entry e) {
        List<InetSocketAddress> own = new ArrayList<>(server.quorumAddresses());
        own.addAll(server.electionAddresses());
        for (InetSocketAddress a : own) {
            String where = a.getHostString().toLowerCase(Locale.ROOT) + ":" + a.getPort();
            PropertiesReader.Entry before = addressUsers.putIfAbsent(where, e);
            if (before != null && before != e) {
                throw values.error(e, e.key() + " uses " + HostText.hostAndPort(a) + ", as " + before.key() + " (line "
                        + before.line() + ") does; every server needs its own quorum and election ports");
            }
        }
    }

    private void unique(Map<Long, PropertiesReader.Entry> seen, long id, PropertiesReader.Entry e) {
        PropertiesReader.Entry before = seen.putIfAbsent(id, e);
        if (before != null) {
            throw values.error(e, e.key() + " repeats id " + id + " of " + before.key() + " (line " + before.line() + ")");
        }
    }

    Set<Long> sids() {
        return servers.keySet();
    }

    QuorumVerifier build(boolean standaloneEnabled) {
        if (servers.isEmpty()) {
            throw new ConfigException(file, 0, "no server.N lines; Ballot needs the ensemble, e.g. "
                    + "server.1=host1:2888:3888 (one line per server)");
        }
        long participants = servers.values().stream().filter(QuorumServer::isParticipant).count();
        if (participants == 0) {
            throw new ConfigException(file, 0, "every server is an observer; at least one must be a participant");
        }
        if (participants == 1 && servers.size() > 1 && standaloneEnabled) {
            throw new ConfigException(file, 0, "one participant with observers is refused by ZooKeeper 3.9 peers "
                    + "(docs/protocol.md, section 'Malformed notifications'); add participants, or set standaloneEnabled=false on every peer");
        }
        if (groupLines.isEmpty() && weightLines.isEmpty()) {
            return new MajorityQuorumVerifier(servers, 0);
        }
        Map<Long, Set<Long>> groups = groups();
        Map<Long, Long> weights = weights();
        servers.values().stream().filter(s -> s.isParticipant() && groups.values().stream()
                .noneMatch(g -> g.contains(s.sid()))).findFirst().ifPresent(s -> {
                    throw values.error(serverLines.get(s.sid()), "server." + s.sid()
                            + " is in no group; with group./weight. lines every participant needs a group");
                });
        try {
            return new HierarchicalQuorumVerifier(servers, groups, weights, 0);
        } catch (IllegalArgumentException ex) {
            throw new ConfigException(file, 0, ex.getMessage());
        }
    }

    private Map<Long, Set<Long>> groups() {
        Map<Long, Long> groupOf = new TreeMap<>();
        Map<Long, Set<Long>> groups = new LinkedHashMap<>();
        groupLines.forEach((gid, e) -> {
            Set<Long> members = new LinkedHashSet<>();
            for (String item : e.value().split(":", -1)) {
                long sid = member(e, item.trim());
                Long other = groupOf.putIfAbsent(sid, gid);
                if (other != null && !other.equals(gid)) {
                    throw values.error(e, e.key() + ": server." + sid + " is already in group." + other
                            + " (line " + groupLines.get(other).line() + "); a server belongs to one group");
                }
                members.add(sid);
            }
            groups.put(gid, members);
        });
        return groups;
    }

    private long member(PropertiesReader.Entry e, String item) {
        long sid;
        try {
            sid = Long.parseLong(item);
        } catch (NumberFormatException ex) {
            throw values.error(e, e.key() + ": '" + item + "' is not a server id (expected sid:sid:...)");
        }
        QuorumServer server = servers.get(sid);
        if (server == null) {
            throw values.error(e, e.key() + " lists " + sid + ", but there is no server." + sid + " line");
        }
        if (!server.isParticipant()) {
            throw values.error(e, e.key() + " lists server." + sid + ", an observer; groups hold participants only");
        }
        return sid;
    }

    private Map<Long, Long> weights() {
        Map<Long, Long> weights = new TreeMap<>();
        weightLines.forEach((sid, e) -> {
            QuorumServer server = servers.get(sid);
            if (server == null || !server.isParticipant()) {
                throw values.error(e, e.key() + ": " + (server == null ? "there is no server." + sid + " line"
                        : "server." + sid + " is an observer; only participants have weights"));
            }
            weights.put(sid, values.longValue(e, 0, Long.MAX_VALUE));
        });
        return weights;
    }
}
