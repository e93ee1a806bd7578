package dev.ballot.leadership;

import dev.ballot.election.ElectionResult;
import dev.ballot.core.LearnerType;
import dev.ballot.core.LogText;
import dev.ballot.core.PeerState;
import dev.ballot.core.Reasons;
import dev.ballot.core.Zxid;
import dev.ballot.core.config.EnsembleConfig;
import dev.ballot.core.config.QuorumServer;
import dev.ballot.leadership.quorum.EpochFloor;
import dev.ballot.leadership.quorum.EpochPersistence;
import dev.ballot.leadership.quorum.FollowerRole;
import dev.ballot.leadership.quorum.LeaderRole;
import dev.ballot.leadership.quorum.EpochState;
import dev.ballot.leadership.quorum.QuorumListener;
import dev.ballot.leadership.quorum.ZooKeeperZab;
import dev.ballot.leadership.quorum.RoleContext;
import dev.ballot.leadership.quorum.RoleListener;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;

/**
 * One quorum peer: elects, then leads, follows or observes over the quorum port, and goes back to
 * LOOKING when its role ends (design "The server after an election", docs/protocol.md "The peer's loop").
 *
 * <p>LOOKING → {@link Elector#lookForLeader()} → decided → {@link LeaderRole} or {@link FollowerRole}
 * establishes the epoch → {@link Elector#onEpochEstablished} with the new peer epoch → ... role ends →
 * LOOKING. Owns the operator lines for role changes (established, ended) and election-port peers
 * connected/lost (the election and the transport log those at DEBUG), and warns every 30 s while
 * it has no quorum of connections, naming the configured peers it cannot reach.
 *
 * <p>All state is confined to one event loop; public methods are thread-safe (they hop onto it).
 */
public final class QuorumPeer {
    private static final Logger LOG = LoggerFactory.getLogger(QuorumPeer.class);

    /** Operator events, for embedders and the {@code local} command. Called on the peer's loop; must not block. */
    public interface Events {
        /** An election decided. */
        default void onDecided(long sid, ElectionResult decision) {
        }

        /** The role is established under {@code epoch}, the fencing token. */
        default void onEstablished(long sid, PeerState role, long leader, long epoch) {
        }

        /** The role ended and the peer is LOOKING again (not called when the peer itself closes). */
        default void onRoleEnded(long sid, PeerState role, String reason) {
        }
    }

    private final long sid;
    private final EnsembleConfig cfg;
    private final Elector elector;
    private final EpochPersistence epochs;
    private final EventLoop loop;
    private final Events events;
    private final PeerMetrics metrics;
    private final Clock clock;
    private final String version;
    private final RoleContext roleContext;
    private final QuorumListener quorumListener;
    private final long startNanos = System.nanoTime();
    private final PeerCycle cycle;                // pacing, sit-out and disk-fault decisions between roles
    private final RepeatedFailures failures = new RepeatedFailures(ElectionPacer.WINDOW);
    private final DoubleSupplier random;
    private final EpochFloor epochFloor = new EpochFloor(); // what refused learners taught this peer's leader roles

    // --- confined to loop ---
    private final PeerRoles roles;                // state, decision, fencing token, generation; the role reports' glue
    private Instant decidedAt;                    // when it was made
    private Instant roleSince;                     // when state last changed
    private LeaderRole leader;                    // current leader role, if leading
    private FollowerRole follower;                // current learner role, if following/observing
    private long decided;                         // elections decided
    private boolean closing;                      // close requested
    private final ZooKeeperZab zab;               // reports a ZooKeeper leader on the quorum port
    private final PeerConnections connections;        // every configured peer's election connection
    private ScheduledFuture<?> peerWatch;
    private ScheduledFuture<?> nextElection;      // a backed-off election waiting to start
    private ScheduledFuture<?> diskProbe;         // the next write probe

    /**
     * @param cfg      the ensemble configuration
     * @param sid      this peer's sid (from {@code myid})
     * @param elector  the election
     * @param epochs   the epoch files
     * @param loop     the event loop the peer, its roles and its quorum port run on
     * @param blocking where name resolution runs
     * @param events   operator events
     * @param metrics  where metrics go
     * @param clock    wall clock for the times shown in status
     * @param version  the version shown in status
     */
    public QuorumPeer(EnsembleConfig cfg, long sid, Elector elector, EpochPersistence epochs, EventLoop loop,
                      Executor blocking, Events events, PeerMetrics metrics, Clock clock, String version) {
        this.sid = sid;
        this.cfg = cfg;
        this.elector = elector;
        this.epochs = epochs;
        this.loop = loop;
        this.events = events;
        this.metrics = metrics;
        this.clock = clock;
        this.version = version;
        this.roleSince = clock.instant();
        this.connections = new PeerConnections(sid, cfg.quorum(), PeerConnections.WARN_EVERY, roleSince);
        EpochPersistence watched = new WatchedEpochs(epochs, reason -> loop.execute(() -> onDiskFault(reason)));
        this.roleContext = new RoleContext(sid, cfg.quorum(), cfg.tickTime(), cfg.initTimeout(), cfg.syncTimeout(),
                loop, watched, blocking, loop.ticker()::nanoTime); // the loop's ticker: tests on a mock-ticked loop freeze role time
        this.quorumListener = new QuorumListener(roleContext, () -> Optional.ofNullable(leader));
        this.zab = new ZooKeeperZab(LOG, sid);
        this.cycle = new PeerCycle(cfg.syncTimeout());
        this.roles = new PeerRoles(cycle, new Glue());
        this.random = () -> ThreadLocalRandom.current().nextDouble();
    }

    public long sid() {
        return sid;
    }

    /** The event loop this peer, its roles, its quorum port and its events run on. */
    public EventLoop loop() {
        return loop;
    }

    /**
     * Binds the quorum port ({@code bindAddress}, resolved), starts the election and enters LOOKING.
     *
     * @return completes once both ports are bound; fails with the bind error
     */
    public CompletableFuture<Void> start(InetSocketAddress bindAddress) {
        elector.watch((leaderSid, round) -> loop.execute(() -> onLeaderLooking(leaderSid, round)));
        CompletableFuture<Void> bound = new CompletableFuture<>();
        loop.execute(() -> quorumListener.bind(bindAddress).addListener(f -> {
            if (f.isSuccess()) {
                bound.complete(null);
            } else {
                bound.completeExceptionally(f.cause());
            }
        }));
        return bound.thenCompose(v -> elector.start()).thenRunAsync(() -> {
            long period = roleContext.heartbeat().toNanos();
            peerWatch = loop.scheduleAtFixedRate(this::watchPeers, period, period, TimeUnit.NANOSECONDS);
            EpochState p = epochs.read();
            LOG.info("{}: started: quorum port {}, epochs accepted {} current {}", sid,
                    LogText.hostPort(quorumListener.localAddress()), p.acceptedEpoch(), p.currentEpoch());
            lookForLeader();
        }, loop);
    }

    /**
     * Gives up leadership: the learners are told this leader leaves (they elect again at once) and this
     * peer stays out of the election for {@code sitOut}, so that the others establish a leader among
     * themselves; then it looks again and joins the established leader through FLE's out-of-election
     * rule. While it sits out, its election layer answers as an OBSERVING peer, which FLE ignores, so
     * nobody counts or follows its old vote. If the others cannot form a quorum without it, it may be
     * elected again after the sit-out.
     *
     * @return completes with true if this peer was leading and resigned, false otherwise
     */
    public CompletableFuture<Boolean> resign(Duration sitOut) {
        CompletableFuture<Boolean> done = new CompletableFuture<>();
        loop.execute(() -> {
            if (leader == null || closing) {
                done.complete(false);
                return;
            }
            cycle.resigning(sitOut);
            // advertise OBSERVING first: LOOKING peers then ignore this peer's old vote (RoleTransitions)
            elector.sitOut()
                    .whenCompleteAsync((v, err) -> {
                        if (err != null) {
                            LOG.warn("{}: the election refused to sit out: {}", sid, Reasons.of(err));
                        }
                        if (leader != null && !closing) {
                            leader.leave("resigned");
                        }
                        done.complete(true);
                    }, loop);
        });
        return done;
    }

    private void sitOut(long nanos) {
        int gen = roles.next();
        LOG.info("{}: resigned; staying out of the election for {} ms", sid, nanos / 1_000_000);
        loop.schedule(() -> {
            if (roles.current(gen)) {
                lookForLeader();
            }
        }, nanos, TimeUnit.NANOSECONDS);
    }

    /** The bound quorum-port address, once started. */
    public InetSocketAddress quorumAddress() {
        return quorumListener.localAddress();
    }

    private void lookForLeader() {
        roles.lookForLeader(); // or withdraw: an epoch write failed after the role had ended
    }

    /** Runs the election of generation {@code gen} ({@link PeerRoles#lookForLeader}). */
    private void elect(int gen) {
        if (closing) {
            return;
        }
        elector.lookForLeader().whenCompleteAsync((d, err) -> {
            if (!roles.current(gen) || closing) {
                return;
            }
            if (err != null) {
                LOG.debug("{}: election failure", sid, err);
                lookAgainLater("election failed: " + Reasons.of(err), true,
                        cycle.electionFailed(roleContext.now(), random.getAsDouble()));
            } else {
                onDecided(d);
            }
        }, loop);
    }

    /**
     * The role or the election ended: LOOKING now, the next election after {@code delay} ({@link PeerCycle}'s: none
     * after a role that stayed established; a back-off after failures). A failure is logged at WARN, once per minute with a
     * count while it repeats; an ordinary end of an established role at INFO.
     */
    private void lookAgainLater(String reason, boolean failed, long delay) {
        logLookingAgain(reason, failed, delay);
        roles.lookAgainLater(delay);
    }

    private void logLookingAgain(String reason, boolean failed, long delay) {
        long now = roleContext.now();
        String next = delay == 0 ? "" : "; next election in " + TimeUnit.NANOSECONDS.toMillis(delay) + " ms";
        if (!failed) {
            LOG.info("{}: {}{}", sid, reason, next);
        } else {
            String count = failures.occurred(reason, now);
            if (count != null) {
                LOG.warn("{}: {}{}{}", sid, reason, count, next);
            }
        }
    }

    /**
     * The leader this peer decided to follow shows, on the election port, that it does not lead that round (it
     * proposes another peer, or looks in a later round; docs/protocol.md "A leader that looks"). A follower still
     * joining gives up now instead of waiting out initLimit for a leader that will not come.
     */
    private void onLeaderLooking(long leaderSid, long round) {
        if (closing || follower == null || follower.leaderSid() != leaderSid || roles.established()) {
            return;
        }
        follower.leave("leader " + leaderSid + " does not lead: it is looking (round " + round + ")");
    }

    private void onDecided(ElectionResult d) {
        decidedAt = clock.instant();
        decided++;
        metrics.electionDecided(d.duration());
        // the election driver logs the INFO line for the decision; this one adds nothing for operators
        LOG.debug("{}: election decided: leader {} ({}), round {}, {} ms, {} rounds, notifications {} in / {} out", sid,
                d.vote().leader(), d.role(), d.round(), d.duration().toMillis(), d.roundsObserved(),
                d.notificationsReceived(), d.notificationsSent());
        events.onDecided(sid, d);
        RoleListener watcher = roles.decided(d);
        if (d.role() == PeerState.LEADING) {
            leader = new LeaderRole(roleContext, epochFloor, watcher);
            leader.start();
            return;
        }
        Optional<QuorumServer> l = cfg.server(d.vote().leader());
        if (l.isEmpty()) {
            watcher.onAbandoned("elected leader " + d.vote().leader() + " is not in this peer's configuration");
            return;
        }
        LearnerType type = d.role() == PeerState.OBSERVING ? LearnerType.OBSERVER : LearnerType.PARTICIPANT;
        follower = new FollowerRole(roleContext, watcher, d.vote().leader(), l.get().quorumAddress(), type);
        follower.start();
    }

    /** What this peer does on its role's reports ({@link PeerRoles} decides which). */
    private final class Glue implements PeerRoles.Peer {
        @Override
        public long now() {
            return roleContext.now();
        }

        @Override
        public double random() {
            return random.getAsDouble();
        }

        @Override
        public void entered(PeerState state, boolean changed) {
            if (changed) {
                roleSince = clock.instant();
            }
            metrics.role(state.name());
        }

        @Override
        public void established(PeerState role, long leaderSid, long epoch) {
            if (leaderSid != sid) {
                zab.leaderAnswered(leaderSid);
            }
            int failed = failures.recovered();
            if (failed > 0) {
                LOG.info("{}: established again after {} failed attempts", sid, failed);
            }
            metrics.established(epoch);
            elector.onEpochEstablished(role, epoch).whenComplete((v, err) -> {
                if (err != null) {
                    LOG.warn("{}: the election refused state {} with epoch {}: {}", sid, role, epoch, Reasons.of(err));
                    LOG.debug("{}: setState failure", sid, err);
                }
            });
            LOG.info("{}: {} established: leader {}, epoch {} (fencing token)", sid, role, leaderSid, epoch);
            events.onEstablished(sid, role, leaderSid, epoch);
        }

        /** The leader went silent: the next election need not wait the whole finalize wait for its vote. */
        @Override
        public void leaderSilent(long leaderSid) {
            elector.peerSilent(leaderSid);
        }

        @Override
        public PeerCycle.Next roleEnded(PeerState was, boolean wasEstablished, String reason, PeerCycle.Next next) {
            leader = null;
            follower = null;
            metrics.leaderless();
            metrics.abandoned();
            if (closing) {
                LOG.info("{}: {} ended: {}", sid, was, reason);
                return null;
            }
            events.onRoleEnded(sid, was, reason);
            if (next instanceof PeerCycle.Next.Look look) {
                logLookingAgain(was + " -> LOOKING: " + reason, !wasEstablished, look.delayNanos());
            } else {
                LOG.info("{}: {} -> LOOKING: {}", sid, was, reason);
            }
            return next;
        }

        @Override
        public void elect(int gen) {
            QuorumPeer.this.elect(gen);
        }

        @Override
        public void withdraw() {
            if (!closing) {
                QuorumPeer.this.withdraw();
            }
        }

        @Override
        public void sitOut(long nanos) {
            QuorumPeer.this.sitOut(nanos);
        }

        @Override
        public void schedule(long nanos, Runnable task) {
            nextElection = loop.schedule(task, nanos, TimeUnit.NANOSECONDS);
        }

        /**
         * The leader never answered HELLO (a ZooKeeper server speaking Zab, most likely): one ERROR saying what to
         * do, then a count. The role never established, so the election pacer backs the next election off.
         */
        @Override
        public void leaderNeverAnswered(long leaderSid, SocketAddress address) {
            zab.silentLeader(leaderSid, address);
        }

        @Override
        public void quorumPeerConnected(long peer, SocketAddress address) {
            LOG.debug("{}: quorum-port connection with {} at {}", sid, peer, address);
        }

        @Override
        public void quorumPeerLost(long peer, String reason) {
            if (roles.state() == PeerState.LEADING) {
                LOG.info("{}: quorum-port connection with learner {} lost: {}", sid, peer, reason);
            } else { // a learner's loss of its leader ends the role: the "-> LOOKING" line reports it
                LOG.debug("{}: quorum-port connection with {} lost: {}", sid, peer, reason);
            }
        }
    }

    /**
     * An epoch write failed: this peer cannot serve as leader or follower. It says so once at ERROR, in
     * {@link PeerStatus#health()} and in {@link PeerMetrics#diskWritable}; the role that wrote ends on its own.
     */
    private void onDiskFault(String reason) {
        if (closing || !cycle.diskFailed(reason)) {
            return;
        }
        failures.occurred("disk " + reason, roleContext.now()); // the repeats of the probes count from this line
        metrics.diskWritable(false);
        LOG.error("{}: cannot persist an epoch: {}; this peer leaves the election, so that the others neither wait "
                + "for nor elect it, and rejoins once a write succeeds (probing with back-off)", sid, reason);
    }

    /** Leaves the election (the others elect without this peer) and probes the disk until a write succeeds. */
    private void withdraw() {
        roles.enter(PeerState.LOOKING);
        roles.next();
        elector.withdraw().whenCompleteAsync((v, err) -> {
            if (err != null) {
                LOG.warn("{}: leaving the election: {}", sid, Reasons.of(err));
            }
            scheduleDiskProbe();
        }, loop);
    }

    private void scheduleDiskProbe() {
        if (closing) {
            return;
        }
        long delay = cycle.nextProbeDelay(random.getAsDouble());
        diskProbe = loop.schedule(this::probeDisk, delay, TimeUnit.NANOSECONDS);
    }

    /** Writes the accepted epoch again, unchanged: a write that succeeds proves the disk can take the next one. */
    private void probeDisk() {
        EpochState e = epochs.read();
        epochs.persistAccepted(e.acceptedEpoch()).whenCompleteAsync((v, err) -> {
            if (closing) {
                return;
            }
            if (err != null) {
                String reason = EpochPersistence.failureMessage(err);
                cycle.probeFailed(reason);
                String count = failures.occurred("disk " + reason, roleContext.now());
                if (count != null) {
                    LOG.error("{}: still cannot persist an epoch: {}{}", sid, reason, count);
                }
                scheduleDiskProbe();
                return;
            }
            LOG.info("{}: the epoch files are writable again after {} probes: rejoining the election", sid,
                    cycle.probeSucceeded());
            failures.recovered();
            metrics.diskWritable(true);
            EpochState now = epochs.read();
            elector.rejoin(now.currentEpoch(), now.lastZxid()).whenCompleteAsync((x, bad) -> {
                if (bad != null) {
                    lookAgainLater("rejoining the election failed: " + Reasons.of(bad), true,
                            cycle.electionFailed(roleContext.now(), random.getAsDouble()));
                } else {
                    lookForLeader();
                }
            }, loop);
        }, loop);
    }

    /**
     * Logs election-port peers that connected or went away since the last look (this class owns those
     * lines), and the no-quorum WARN naming the peers this one cannot reach.
     */
    private void watchPeers() {
        for (String line : connections.update(elector.connectedPeers(), clock.instant())) {
            LOG.info("{}: {}", sid, line);
        }
        connections.quorumReport(roles.established(), System.nanoTime()).ifPresent(r -> {
            if (r.warning()) {
                LOG.warn("{}: {}", sid, r.line());
            } else {
                LOG.info("{}: {}", sid, r.line());
            }
        });
    }

    /**
     * Stops the peer: a leader tells its learners it leaves (they elect again at once), a learner
     * closes its connection; then the quorum port and the election close.
     */
    public CompletableFuture<Void> closeAsync(String reason) {
        CompletableFuture<Void> listenerClosed = new CompletableFuture<>();
        loop.execute(() -> {
            closing = true;
            if (peerWatch != null) {
                peerWatch.cancel(false);
            }
            if (nextElection != null) {
                nextElection.cancel(false);
            }
            if (diskProbe != null) {
                diskProbe.cancel(false);
            }
            if (leader != null) {
                leader.leave(reason);
            } else if (follower != null) {
                follower.leave(reason);
            }
            quorumListener.close().addListener(f -> listenerClosed.complete(null));
        });
        return listenerClosed.thenCompose(v -> elector.closeAsync());
    }

    /** A snapshot for status pages; completes on the peer's loop. */
    public CompletableFuture<PeerStatus> status() {
        CompletableFuture<PeerStatus> f = new CompletableFuture<>();
        loop.execute(() -> f.complete(snapshot()));
        return f;
    }

    /** The election's and transport's counters so far; completes on the peer's loop. */
    public CompletableFuture<PeerCounters> counters() {
        return CompletableFuture.supplyAsync(elector::counters, loop);
    }

    private PeerStatus snapshot() {
        EpochState p = epochs.read();
        boolean established = roles.established();
        ElectionResult decision = roles.decision();
        PeerState state = roles.state();
        var c = elector.counters();
        PeerStatus.LastElection last = decision == null ? null : new PeerStatus.LastElection(decision.vote().leader(),
                decision.role().name(), decision.round(), decision.duration().toMillis(), decision.roundsObserved(),
                decision.notificationsReceived(), decision.notificationsSent(), decidedAt.toString());
        return new PeerStatus(sid, state.name(), established,
                state == PeerState.LOOKING || decision == null ? null : decision.vote().leader(),
                established ? roles.fencingToken() : null, p.acceptedEpoch(), p.currentEpoch(),
                "0x" + Long.toHexString(p.lastZxid()), roleSince.toString(),
                new PeerStatus.Elections(c.electionsStarted(), decided, c.notificationsReceived(), c.notificationsSent(), last),
                connections.connectedSnapshot(), connections.snapshot(), leader == null ? null : List.copyOf(leader.learners()),
                (System.nanoTime() - startNanos) / 1_000_000, version,
                cycle.diskFault() == null ? PeerStatus.OK : PeerStatus.DISK_UNWRITABLE, cycle.diskFault());
    }
}
