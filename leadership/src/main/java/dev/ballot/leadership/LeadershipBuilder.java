package dev.ballot.leadership;

import dev.ballot.core.LearnerType;
import dev.ballot.core.config.ConfigException;
import dev.ballot.core.config.EnsembleConfig;
import dev.ballot.core.config.MyIdFile;
import dev.ballot.core.config.QuorumServer;
import dev.ballot.core.config.ZooCfgParser;
import dev.ballot.core.quorum.HierarchicalQuorumVerifier;
import dev.ballot.core.quorum.MajorityQuorumVerifier;
import dev.ballot.core.quorum.QuorumVerifier;
import dev.ballot.core.trace.TraceSink;
import dev.ballot.transport.netty.IoTransport;
import io.netty.channel.EventLoopGroup;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Builds a {@link Leadership}. The members are described once: either as {@link Member}s with
 * {@link #members} (plus {@link #myId}, {@link #dataDir} and the timing), or as a ZooKeeper-style
 * {@code zoo.cfg} with {@link #zooCfg} (its {@code dataDir/myid} names this member unless
 * {@link #myId} is set). Not thread-safe; {@link #build()} validates and fails with the setting and
 * the rule broken.
 */
public final class LeadershipBuilder {
    /** Default {@code tickTime}: heartbeats every half of it. */
    public static final Duration DEFAULT_TICK_TIME = Duration.ofMillis(500);
    /** Default {@code initLimit}: ticks a new leader has to establish its epoch. */
    public static final int DEFAULT_INIT_LIMIT = 10;
    /** Default {@code syncLimit}: ticks of silence after which a follower gives its leader up. */
    public static final int DEFAULT_SYNC_LIMIT = 4;

    private final Map<Long, Member> members = new LinkedHashMap<>();
    private Path zooCfg;
    private EnsembleConfig ensemble;
    private java.util.concurrent.Executor io;
    private String version = "embedded";
    private Long myId;
    private Path dataDir;
    private Duration tickTime = DEFAULT_TICK_TIME;
    private int initLimit = DEFAULT_INIT_LIMIT;
    private int syncLimit = DEFAULT_SYNC_LIMIT;
    private Duration resignSitOut;
    private EventLoopGroup group;
    private final List<LeadershipListener> listeners = new ArrayList<>();
    private QuorumPeer.Events events = new QuorumPeer.Events() {
    };
    private PeerMetrics metrics = PeerMetrics.NOOP;
    private TraceSink trace = TraceSink.NOOP;

    LeadershipBuilder() {
    }

    /** The whole group, this member included. */
    public LeadershipBuilder members(Collection<Member> all) {
        for (Member m : all) {
            if (members.putIfAbsent(m.sid(), m) != null) {
                throw new IllegalArgumentException("member sid " + m.sid() + " is listed twice");
            }
        }
        return this;
    }

    /** Reads the group, timing, TLS and data directory from a ZooKeeper-style {@code zoo.cfg} instead. */
    public LeadershipBuilder zooCfg(Path file) {
        this.zooCfg = file;
        return this;
    }

    /** A configuration already parsed (by the server from {@code zoo.cfg}); instead of members or a zoo.cfg path. */
    public LeadershipBuilder ensemble(EnsembleConfig cfg) {
        this.ensemble = cfg;
        return this;
    }

    /**
     * Where epoch files are written (with fsync) and host names resolved: never an event loop. Default:
     * a thread of the member's own that exists only while such work is pending.
     */
    public LeadershipBuilder io(java.util.concurrent.Executor v) {
        this.io = v;
        return this;
    }

    /** The version shown in {@link Leadership#status()} (default {@code embedded}). */
    public LeadershipBuilder version(String v) {
        this.version = v;
        return this;
    }

    /** This member's sid; with {@link #zooCfg}, defaults to {@code dataDir/myid}. */
    public LeadershipBuilder myId(long sid) {
        this.myId = sid;
        return this;
    }

    /** Where the epochs (the fencing token) are persisted across restarts: {@code <dir>/version-2/}. */
    public LeadershipBuilder dataDir(Path dir) {
        this.dataDir = dir;
        return this;
    }

    /** {@code tickTime} (default 500 ms): heartbeats go every half of it. */
    public LeadershipBuilder tickTime(Duration v) {
        this.tickTime = v;
        return this;
    }

    /** {@code initLimit} in ticks (default 10): the time a new leader has to establish its epoch. */
    public LeadershipBuilder initLimit(int v) {
        this.initLimit = v;
        return this;
    }

    /**
     * {@code syncLimit} in ticks (default 4): a follower that hears nothing from its leader for
     * {@code syncLimit * tickTime} elects again; a leader that hears no quorum for that long steps down.
     */
    public LeadershipBuilder syncLimit(int v) {
        this.syncLimit = v;
        return this;
    }

    /** How long a member that {@link Leadership#resign() resigned} stays out of the election (default {@code initLimit * tickTime}). */
    public LeadershipBuilder resignSitOut(Duration v) {
        this.resignSitOut = v;
        return this;
    }

    /** The caller's event loop group (epoll or NIO); without one, the member creates a one-thread group and shuts it down on close. */
    public LeadershipBuilder eventLoopGroup(EventLoopGroup v) {
        this.group = v;
        return this;
    }

    /** Adds a listener; listeners are called in the order added, on {@link Leadership#executor()}. */
    public LeadershipBuilder listener(LeadershipListener l) {
        listeners.add(l);
        return this;
    }

    /** Low-level role events (for the server's own wiring: tracing, local ensembles). */
    public LeadershipBuilder events(QuorumPeer.Events v) {
        this.events = v;
        return this;
    }

    /** Where metrics go (default: nowhere). */
    public LeadershipBuilder metrics(PeerMetrics v) {
        this.metrics = v;
        return this;
    }

    /** Election and connection trace events (default: none). */
    public LeadershipBuilder traceSink(TraceSink v) {
        this.trace = v;
        return this;
    }

    /**
     * Validates and builds; nothing is bound or read from disk until {@link Leadership#start()}.
     *
     * @throws IllegalArgumentException a missing or inconsistent setting, naming it
     * @throws ConfigException          a {@code zoo.cfg} that does not parse ({@code file:line: what})
     */
    public Leadership build() {
        EnsembleConfig parsed = ensemble != null ? ensemble : zooCfg != null ? fromZooCfg() : fromMembers();
        long sid = myId != null ? myId : MyIdFile.readFor(parsed);
        QuorumServer me = parsed.server(sid).orElseThrow(() -> new IllegalArgumentException(
                "myId " + sid + " is not one of the members " + new TreeSet<>(parsed.quorum().allMembers().keySet())));
        EnsembleConfig cfg = parsed.withPeerType(me.type());
        if (cfg.syncLimit() < 1 || cfg.initLimit() < 1 || cfg.tickTime().isNegative() || cfg.tickTime().isZero()) {
            throw new IllegalArgumentException("tickTime, initLimit and syncLimit must be positive, got "
                    + cfg.tickTime().toMillis() + " ms, " + cfg.initLimit() + ", " + cfg.syncLimit());
        }
        Duration sitOut = resignSitOut != null ? resignSitOut : cfg.initTimeout();
        boolean owns = group == null;
        EventLoopGroup g = owns ? IoTransport.newGroup(1, true, sid) : group;
        var settings = new Leadership.LeadershipSettings(cfg, sid, listeners, events, metrics, trace, sitOut,
                java.util.Optional.ofNullable(io), version);
        return new Leadership(settings, g, owns);
    }

    private EnsembleConfig fromZooCfg() {
        if (!members.isEmpty()) {
            throw new IllegalArgumentException("give the members either with members(...) or in zoo.cfg, not both");
        }
        EnsembleConfig parsed = ZooCfgParser.parse(zooCfg);
        return dataDir == null ? parsed : parsed.withDataDir(dataDir);
    }

    private EnsembleConfig fromMembers() {
        if (members.isEmpty()) {
            throw new IllegalArgumentException("no members: call members(...) or zooCfg(...)");
        }
        if (dataDir == null) {
            throw new IllegalArgumentException("dataDir is required: the fencing token is persisted there");
        }
        Map<Long, QuorumServer> servers = new TreeMap<>();
        members.values().forEach(m -> servers.put(m.sid(), new QuorumServer(m.sid(), List.of(m.quorumAddress()),
                List.of(m.electionAddress()), m.type(), Optional.empty())));
        return EnsembleConfig.builder().dataDir(dataDir).tickTime(tickTime).initLimit(initLimit).syncLimit(syncLimit)
                .quorum(verifier(servers)).adminServerEnabled(false).build();
    }

    private QuorumVerifier verifier(Map<Long, QuorumServer> servers) {
        boolean grouped = members.values().stream().anyMatch(m -> m.group().isPresent());
        if (!grouped) {
            return new MajorityQuorumVerifier(servers, 0);
        }
        Map<Long, Set<Long>> groups = new TreeMap<>();
        Map<Long, Long> weights = new TreeMap<>();
        for (Member m : members.values()) {
            if (m.type() == LearnerType.PARTICIPANT) {
                long g = m.group().orElseThrow(() -> new IllegalArgumentException(
                        "member " + m.sid() + " has no group, but others do: with groups, every participant needs one"));
                groups.computeIfAbsent(g, k -> new TreeSet<>()).add(m.sid());
                weights.put(m.sid(), m.weight());
            }
        }
        return new HierarchicalQuorumVerifier(servers, groups, weights, 0);
    }
}
