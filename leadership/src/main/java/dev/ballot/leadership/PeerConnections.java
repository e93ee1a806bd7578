package dev.ballot.leadership;

import dev.ballot.core.config.QuorumServer;
import dev.ballot.core.quorum.QuorumVerifier;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Every configured peer's election connection as this peer sees it (connected or down, since when),
 * and the operator lines about them: one INFO line when a peer connects or is lost, and, while this
 * peer has no quorum of connections, one WARN line every {@code warnEvery} naming the peers it cannot
 * reach. {@link QuorumPeer} is the only place these events are logged; the transport logs them at DEBUG.
 *
 * <p>Fed by polls of the transport's connected set; not thread-safe (confined to the peer's loop).
 */
final class PeerConnections {
    /** The default interval of the no-quorum WARN. */
    static final Duration WARN_EVERY = Duration.ofSeconds(30);

    private final long self;
    private final QuorumVerifier quorum;
    private final Duration warnEvery;
    private final TreeMap<Long, Link> links = new TreeMap<>();
    private long noQuorumSinceNanos;
    private long lastWarnNanos;
    private boolean withoutQuorum;
    private boolean warned;

    private record Link(boolean connected, Instant since) {
    }

    PeerConnections(long self, QuorumVerifier quorum, Duration warnEvery, Instant start) {
        this.self = self;
        this.quorum = quorum;
        this.warnEvery = warnEvery;
        quorum.allMembers().keySet().stream().filter(s -> s != self).forEach(s -> links.put(s, new Link(false, start)));
    }

    /**
     * Takes the currently connected sids; returns the INFO lines for peers that connected or were lost
     * since the last call (without the {@code <sid>: } prefix).
     */
    List<String> update(Set<Long> connected, Instant now) {
        List<String> lines = new ArrayList<>();
        // in sid order; an unconfigured sid (acceptUnknownSids) is not part of this view
        links.forEach((s, l) -> {
            if (l.connected() != connected.contains(s)) {
                links.put(s, new Link(!l.connected(), now));
                lines.add("peer " + s + (l.connected() ? " lost (" : " connected (") + address(s) + ")");
            }
        });
        return lines;
    }

    /**
     * The WARN line to log now, if this peer has had no quorum of connections ({@code established}
     * false and the connected peers plus itself not a quorum) for {@code warnEvery} and has not warned
     * for as long; or the INFO line when the quorum is back after a warning. Empty otherwise.
     */
    Optional<Report> quorumReport(boolean established, long nowNanos) {
        Set<Long> reachable = new HashSet<>(connected());
        reachable.add(self);
        boolean lacking = !established && !quorum.containsQuorum(reachable);
        if (!lacking) {
            boolean recovered = warned;
            withoutQuorum = false;
            warned = false;
            return recovered ? Optional.of(new Report(false, "peers reachable again: " + describe(connected()))) : Optional.empty();
        }
        if (!withoutQuorum) {
            withoutQuorum = true;
            noQuorumSinceNanos = nowNanos;
            return Optional.empty();
        }
        long lackingFor = nowNanos - noQuorumSinceNanos;
        if (lackingFor < warnEvery.toNanos() || (warned && nowNanos - lastWarnNanos < warnEvery.toNanos())) {
            return Optional.empty();
        }
        warned = true;
        lastWarnNanos = nowNanos;
        List<Long> down = links.entrySet().stream().filter(e -> !e.getValue().connected()).map(Map.Entry::getKey).toList();
        return Optional.of(new Report(true, "no quorum for " + Duration.ofNanos(lackingFor).toSeconds()
                + " s: cannot reach " + describe(down) + "; connected: "
                + (connected().isEmpty() ? "none" : connected().stream().map(String::valueOf).collect(Collectors.joining(", ")))));
    }

    /** A line for the log: a WARN ({@code warning}) or an INFO. */
    record Report(boolean warning, String line) {
    }

    /** Every configured peer but this one, by sid. */
    List<PeerStatus.Peer> snapshot() {
        List<PeerStatus.Peer> out = new ArrayList<>();
        links.forEach((s, l) -> out.add(new PeerStatus.Peer(s, address(s), l.connected(), l.since().toString())));
        return out;
    }

    /** The connected peers with the time each connected, for {@link PeerStatus#connectedPeers()}. */
    List<PeerStatus.ConnectedPeer> connectedSnapshot() {
        List<PeerStatus.ConnectedPeer> out = new ArrayList<>();
        links.forEach((s, l) -> {
            if (l.connected()) {
                out.add(new PeerStatus.ConnectedPeer(s, address(s), l.since().toString()));
            }
        });
        return out;
    }

    private List<Long> connected() {
        return links.entrySet().stream().filter(e -> e.getValue().connected()).map(Map.Entry::getKey).toList();
    }

    private String describe(List<Long> sids) {
        return sids.isEmpty() ? "none" : sids.stream().map(s -> s + " (" + address(s) + ")").collect(Collectors.joining(", "));
    }

    private String address(long sid) {
        QuorumServer s = quorum.allMembers().get(sid);
        if (s == null) {
            return "not configured";
        }
        String host = s.electionAddress().getHostString(); // as written in zoo.cfg
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + s.electionAddress().getPort();
    }
}
