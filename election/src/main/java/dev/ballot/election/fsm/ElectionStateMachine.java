package dev.ballot.election.fsm;

import dev.ballot.core.LearnerType;
import dev.ballot.core.Notification;
import dev.ballot.core.PeerState;
import dev.ballot.core.Vote;
import dev.ballot.core.quorum.QuorumVerifier;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * ZooKeeper 3.9's FastLeaderElection (docs/protocol.md "4. Fast Leader Election") as a pure, single-threaded state machine.
 *
 * <p><b>In:</b> {@link #startLooking()}, {@link #onNotification(long, Notification)},
 * {@link #onTimeout(TimerKind, long)}, {@link #onPeerConnected(long)}/{@link #onPeerDisconnected(long)},
 * {@link #setState(PeerState, Vote)}, {@link #updatePersisted(long, long)}. <b>Out:</b> each input
 * returns an immutable {@link Output}: typed {@link ElectionEvent}s in the order they happened, and
 * timer commands. Time is never read: the machine asks for timers and is told
 * when they fire; a firing whose generation is stale is ignored.
 *
 * <p>The receiver-thread part of FLE (docs/protocol.md "Receiving a notification": non-voter replies, replies while not LOOKING,
 * catch-up replies to lagging LOOKING peers) is here; the main-loop part (docs/protocol.md "The LOOKING loop" to "A FOLLOWING or LEADING notification") is in
 * {@link LookingElection}. One deliberate difference from ZooKeeper's blocking loop (docs/protocol.md "Where Ballot differs"):
 * during the finalize wait a notification that does not beat the proposal is dropped as ZooKeeper
 * drops it, but it does not restart the wait; the wait is one fixed {@code finalizeWait}. The decided
 * vote is the same (the proposal); only a stream of non-better messages can no longer stretch it.
 *
 * <p><b>Not thread-safe</b>: confine each instance to one thread (the driver's executor).
 */
public final class ElectionStateMachine {
    private final FleSettings settings;
    private final long myId;
    private final QuorumVerifier quorum;
    /** PARTICIPANT unless the committed config lists me as an observer. */
    private final LearnerType learnerType;
    /** The committed config text sent with every notification (version = committed version, docs/protocol.md "What Ballot sends"). */
    private final String configText;
    /** Timer generations by kind; an {@code onTimeout} with another value is stale. */
    private final long[] generations = new long[TimerKind.values().length];
    private final NonVoterReplyLimiter nonVoterReplies = new NonVoterReplyLimiter();
    /**
     * Non-voters whose last notification, received while this peer was LOOKING, said they look too: their reply waits
     * for this peer's decision ({@link #decide}), as if their notification had arrived just after it.
     */
    private final Set<Long> lookingNonVoters = new LinkedHashSet<>();
    /** The version of each distinct config text received, parsed once. */
    private final ConfigVersions configVersions = new ConfigVersions();
    /** Voters that advertised a lower config version (reported once each). */
    private final Set<Long> olderConfigPeers = new HashSet<>();
    /**
     * LOOKING notifications that arrived before this peer's next election started (latest per sid; docs/protocol.md
     * "The LOOKING loop"): before the first one, or, while not LOOKING, from voters already in a later round. They are
     * handled when the election starts, as if delivered then; they expire after {@link #earlyTtl} without news.
     */
    private final Map<Long, Notification> beforeStart = new LinkedHashMap<>();
    /** Per voter heard from: the round of its last notification if it was LOOKING, else {@link #NOT_LOOKING}. */
    private final Map<Long, Long> lastLookingRound = new java.util.HashMap<>();
    private static final long NOT_LOOKING = Long.MIN_VALUE;
    /** How long {@link #beforeStart} is kept after its last addition: twice the longer of the finalize and first notification waits. */
    private final java.time.Duration earlyTtl;
    /** Which voters' links are known down (for {@link FleRules#allReachableVoted}). */
    private final LinkView links;
    /** Whether the CONNECT_TIMEOUT timer was armed (once, at the first election's start). */
    private boolean connectTimerArmed;

    /** Persisted currentEpoch (feeds the next initial vote). */
    private long currentEpoch;
    /** Persisted last zxid (feeds the next initial vote). */
    private long lastZxid;
    /** My election state. */
    private PeerState state = PeerState.LOOKING;
    /** FLE's logical clock: +1 per election, may adopt other rounds (docs/protocol.md "Election state"). */
    private long logicalClock;
    /** The last result, or the start-up vote; replies to LOOKING peers are built from it (docs/protocol.md "Election state"). */
    private Vote currentVote;
    /** The running election while LOOKING, else null. */
    private LookingElection election;
    /** Elections started by this instance. */
    private long electionsStarted;

    /**
     * @param settings     sid, committed config and timing
     * @param currentEpoch persisted currentEpoch
     * @param lastZxid     persisted last zxid ({@code -1}: untrusted database)
     */
    public ElectionStateMachine(FleSettings settings, long currentEpoch, long lastZxid) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.myId = settings.myId();
        this.quorum = settings.quorum();
        this.learnerType = quorum.observingMembers().containsKey(myId) ? LearnerType.OBSERVER : LearnerType.PARTICIPANT;
        this.configText = quorum.toConfigString();
        this.currentEpoch = currentEpoch;
        this.lastZxid = lastZxid;
        this.currentVote = new Vote(myId, lastZxid, 0, currentEpoch, PeerState.LOOKING);
        this.links = new LinkView(myId);
        java.time.Duration longer = settings.finalizeWait().compareTo(settings.minNotificationInterval()) > 0
                ? settings.finalizeWait() : settings.minNotificationInterval();
        this.earlyTtl = longer.multipliedBy(2);
    }

    // ---- inputs -------------------------------------------------------------------------------

    /**
     * Enters LOOKING and starts the next round (docs/protocol.md "The LOOKING loop" "on entry"): clock + 1, initial vote,
     * broadcast, notification timer.
     *
     * @throws IllegalStateException if an election is already running
     */
    public Output startLooking() {
        if (election != null) {
            throw new IllegalStateException(myId + ": election already running in round " + logicalClock);
        }
        Actions out = new Actions();
        PeerState from = state;
        RoleTransitions.check(myId, from, PeerState.LOOKING);
        logicalClock++;
        electionsStarted++;
        state = PeerState.LOOKING;
        Vote initial = FleRules.initialVote(myId, quorum.isVoter(myId), learnerType, lastZxid, currentEpoch,
                logicalClock);
        election = new LookingElection(this, initial);
        if (!connectTimerArmed && settings.decideWhenAllVoted()) {
            connectTimerArmed = true;
            arm(out, TimerKind.CONNECT_TIMEOUT, settings.connectTimeout());
        }
        if (from != PeerState.LOOKING) {
            out.event(new ElectionEvent.StateChanged(from, PeerState.LOOKING, logicalClock));
        }
        out.event(new ElectionEvent.ElectionStarted(logicalClock, initial));
        election.start(out);
        replayBeforeStart(out);
        return out.build();
    }

    /** One decoded notification from {@code fromSid} (docs/protocol.md "Receiving a notification"). */
    public Output onNotification(long fromSid, Notification n) {
        Objects.requireNonNull(n, "notification");
        Actions out = new Actions();
        checkConfigVersion(fromSid, n, out);
        if (!isVoter(fromSid)) {
            if (state == PeerState.LOOKING && n.state() == PeerState.LOOKING) {
                // my current vote is the last election's, my proposal is not final: either could make the non-voter
                // decide on a leader that will not lead (after a leader's loss, its votes still name that leader)
                lookingNonVoters.add(fromSid);
                out.event(new ElectionEvent.NonVoterReplyDeferred(fromSid, true));
                return out.build();
            }
            lookingNonVoters.remove(fromSid);
            replyToNonVoter(fromSid, out);
            return out.build();
        }
        links.up(fromSid); // a notification proves its sender's link is up
        Long before = lastLookingRound.put(fromSid, n.state() == PeerState.LOOKING ? n.electionEpoch() : NOT_LOOKING);
        if (state == PeerState.LOOKING) {
            if (n.state() == PeerState.LOOKING && n.electionEpoch() < logicalClock) {
                out.send(new Outbound(fromSid, proposalNotification()));
            }
            if (election == null) {
                keepUntilStart(fromSid, n, out);
            } else {
                boolean joinedLate = joinsThisRoundLate(before, n);
                election.onNotification(fromSid, n, out);
                if (joinedLate && election != null && FleRules.beats(election.proposal(), n.vote(), quorum)) {
                    out.send(new Outbound(fromSid, proposalNotification()));
                }
            }
        } else if (n.state() == PeerState.LOOKING) {
            out.send(new Outbound(fromSid, Notification.of(state, currentVote.leader(), currentVote.zxid(),
                    currentVote.electionEpoch(), currentVote.peerEpoch(), configText)));
            if (n.electionEpoch() > logicalClock) {
                // a voter already looks in a later round (its leader left, or it noticed first): this peer
                // will likely join that round in a moment, and the sender will not repeat its vote for it
                keepUntilStart(fromSid, n, out);
            }
            if (FleRules.leaderIsLooking(fromSid, n, currentVote, myId)) {
                out.event(new ElectionEvent.LeaderLooking(fromSid, n.electionEpoch(), n.vote()));
            }
        }
        return out.build();
    }

    /**
     * A notification from {@code fromSid} whose state code is not 0-3 (docs/protocol.md "Decoding shorter notifications"): a voter's is dropped;
     * a non-voter is answered anyway, as ZooKeeper's receiver answers every non-voter (docs/protocol.md "Receiving a notification" step 3).
     */
    public Output onUnknownState(long fromSid) {
        if (isVoter(fromSid)) {
            return Output.NONE;
        }
        Actions out = new Actions();
        replyToNonVoter(fromSid, out);
        return out.build();
    }

    /** A timer fired; {@code generation} is the one it was armed with. Stale firings do nothing. */
    public Output onTimeout(TimerKind kind, long generation) {
        if (generation != generations[kind.ordinal()]) {
            return Output.NONE;
        }
        Actions out = new Actions();
        if (kind == TimerKind.NON_VOTER_REPLY) {
            java.util.List<Long> due = nonVoterReplies.windowClosed();
            for (long sid : due) {
                out.send(new Outbound(sid, nonVoterReply()));
            }
            if (!due.isEmpty()) {
                arm(out, TimerKind.NON_VOTER_REPLY, settings.minNotificationInterval());
            }
        } else if (kind == TimerKind.EARLY_NOTIFICATIONS) {
            if (election == null) {
                beforeStart.clear();
            }
        } else if (kind == TimerKind.CONNECT_TIMEOUT) {
            links.connectTimeoutPassed();
            if (election != null) {
                election.onLinksChanged(out);
            }
        } else if (election != null) {
            election.onTimeout(kind, out);
        }
        return out.build();
    }

    /**
     * A connection to {@code sid} came up (the transport re-sends its last message). Recorded: the voter
     * can send votes again, so a decision waits for its vote or the finalize wait.
     */
    public Output onPeerConnected(long sid) {
        if (!links.up(sid) || election == null || !isVoter(sid)) {
            return Output.NONE;
        }
        Actions out = new Actions();
        election.onLinksChanged(out); // a voter counted down is back: a grace wait becomes a whole finalize wait
        return out.build();
    }

    /**
     * The connection to {@code sid} went away (the timeout path reconnects). Recorded: during a finalize
     * wait, a voter known down no longer holds the decision back ({@link FleRules#allReachableVoted}).
     */
    public Output onPeerDisconnected(long sid) {
        return countDown(sid);
    }

    /**
     * The peer's role heard nothing from {@code sid} for its whole deadline although the connection is open (a
     * follower's leader, silent for syncLimit*tickTime: isolated, or a one-way cut). Counted as known down, as a
     * closed link is, until a notification or a new connection from it: a silent peer sends no better vote either.
     */
    public Output onPeerSilent(long sid) {
        return countDown(sid);
    }

    private Output countDown(long sid) {
        if (!links.down(sid) || election == null || !isVoter(sid)) {
            return Output.NONE;
        }
        Actions out = new Actions();
        election.onLinksChanged(out);
        return out.build();
    }

    /**
     * After a decision (or after epoch establishment): set a non-LOOKING state and the vote used to
     * answer LOOKING peers (docs/protocol.md "Epoch establishment" step 6: copy the new epoch into the vote's peerEpoch).
     *
     * @throws IllegalArgumentException for LOOKING (use {@link #startLooking()})
     * @throws IllegalStateException    for an illegal transition, e.g. while an election is running
     */
    public Output setState(PeerState newState, Vote vote) {
        Objects.requireNonNull(vote, "vote");
        if (newState == PeerState.LOOKING) {
            throw new IllegalArgumentException(myId + ": setState(LOOKING) is startLooking()");
        }
        if (election != null) {
            throw new IllegalStateException(myId + ": setState(" + newState + ") while an election is running");
        }
        RoleTransitions.check(myId, state, newState);
        Actions out = new Actions();
        PeerState from = state;
        state = newState;
        currentVote = vote.withState(newState);
        if (from != newState) {
            out.event(new ElectionEvent.StateChanged(from, newState, logicalClock));
        }
        out.event(new ElectionEvent.VoteUpdated(newState, currentVote));
        return out.build();
    }

    /** New persisted (currentEpoch, lastZxid); used by the next {@link #startLooking()}. */
    public void updatePersisted(long newCurrentEpoch, long newLastZxid) {
        this.currentEpoch = newCurrentEpoch;
        this.lastZxid = newLastZxid;
    }

    // ---- queries --------------------------------------------------------------------------------

    /** My election state. */
    public PeerState state() {
        return state;
    }

    /** FLE's logical clock. */
    public long logicalClock() {
        return logicalClock;
    }

    /** The current proposal while an election runs, else the current vote. */
    public Vote proposal() {
        return election != null ? election.proposal() : currentVote;
    }

    /** The vote used to answer LOOKING peers. */
    public Vote currentVote() {
        return currentVote;
    }

    /** Whether an election is running. */
    public boolean isElecting() {
        return election != null;
    }

    /** Elections started by this instance. */
    public long electionsStarted() {
        return electionsStarted;
    }

    /** This peer's sid. */
    public long myId() {
        return myId;
    }

    /** Whether this peer is an observer in the committed config. */
    public LearnerType learnerType() {
        return learnerType;
    }

    // ---- package-private hooks for LookingElection ---------------------------------------------------

    FleSettings settings() {
        return settings;
    }

    String configText() {
        return configText;
    }

    boolean isVoter(long sid) {
        return quorum.isVoter(sid);
    }

    /** Whether {@code sid}'s link is known down. */
    boolean knownDown(long sid) {
        return links.knownDown(sid);
    }

    void setLogicalClock(long round) {
        logicalClock = round;
    }

    void arm(Actions out, TimerKind kind, java.time.Duration delay) {
        long gen = ++generations[kind.ordinal()];
        out.timer(new TimerCommand.Arm(kind, delay, gen));
    }

    void cancel(Actions out, TimerKind kind) {
        generations[kind.ordinal()]++;
        out.timer(new TimerCommand.Cancel(kind));
    }

    /** Ends the running election with {@code decision} (docs/protocol.md "Deciding"). */
    void decide(Decision decision, Actions out) {
        PeerState from = state;
        RoleTransitions.check(myId, from, decision.role());
        cancel(out, TimerKind.NOTIFICATION);
        cancel(out, TimerKind.FINALIZE);
        election = null;
        beforeStart.clear();
        state = decision.role();
        currentVote = decision.vote();
        out.event(new ElectionEvent.Decided(decision));
        if (from != state) {
            out.event(new ElectionEvent.StateChanged(from, state, logicalClock));
        }
        tellLookingNonVoters(out);
    }

    /**
     * The replies held back while both looked, sent now with the decided state and vote: the non-voter learns the
     * decision at once instead of at its next notification. One per non-voter per decision, so it cannot start a
     * ping-pong; the bytes are those of an ordinary reply (docs/protocol.md "Receiving a notification" step 2).
     */
    private void tellLookingNonVoters(Actions out) {
        for (long sid : lookingNonVoters) {
            out.send(new Outbound(sid, nonVoterReply()));
        }
        lookingNonVoters.clear();
    }

    // ---- receiver-thread rules (docs/protocol.md "Receiving a notification") ---------------------------------------------------------

    private void keepUntilStart(long fromSid, Notification n, Actions out) {
        beforeStart.put(fromSid, n);
        arm(out, TimerKind.EARLY_NOTIFICATIONS, earlyTtl);
    }

    private void replayBeforeStart(Actions out) {
        if (beforeStart.isEmpty()) {
            return;
        }
        cancel(out, TimerKind.EARLY_NOTIFICATIONS);
        Map<Long, Notification> queued = new LinkedHashMap<>(beforeStart);
        beforeStart.clear();
        queued.forEach((sid, n) -> {
            if (election != null) {
                election.onNotification(sid, n, out);
            }
        });
    }

    /**
     * Whether {@code n} is the first LOOKING notification of this round from a voter that, when last heard from
     * ({@code before}: its entry in {@link #lastLookingRound} until {@code n}),
     * was following, leading, or looking in an older round. Such a voter may never have had this peer's vote: it
     * answered the broadcast instead of counting it (kept votes expire), and FLE sends nothing back to a vote of the
     * same round that does not beat the proposal. Both would then wait for the other's notification timer, which
     * doubles up to 60 s while a peer looks alone (bench servers: a leader killed as a late follower decided for
     * it; the two survivors met in the same round and decided 38 s later). So this peer answers such a voter once
     * with its proposal, when the proposal beats the voter's. A voter never heard from is not answered: at a cold
     * start everybody broadcasts to everybody, and the transport re-sends the last message when a link comes up.
     */
    private boolean joinsThisRoundLate(Long before, Notification n) {
        return n.state() == PeerState.LOOKING && n.electionEpoch() == logicalClock && before != null
                && before != logicalClock;
    }

    private Notification proposalNotification() {
        Vote p = election != null ? election.proposal() : currentVote;
        return Notification.of(PeerState.LOOKING, p.leader(), p.zxid(), logicalClock, p.peerEpoch(), configText);
    }

    /** docs/protocol.md "Receiving a notification" step 3: my state, my current vote, my logical clock (not the vote's round). */
    private Notification nonVoterReply() {
        return Notification.of(state, currentVote.leader(), currentVote.zxid(), logicalClock, currentVote.peerEpoch(),
                configText);
    }

    private void replyToNonVoter(long sid, Actions out) {
        switch (nonVoterReplies.onNotification(sid)) {
            case NOW_OPENING_WINDOW -> {
                out.send(new Outbound(sid, nonVoterReply()));
                arm(out, TimerKind.NON_VOTER_REPLY, settings.minNotificationInterval());
            }
            case NOW -> out.send(new Outbound(sid, nonVoterReply()));
            case DEFERRED -> out.event(new ElectionEvent.NonVoterReplyDeferred(sid, false));
        }
    }

    private void checkConfigVersion(long sid, Notification n, Actions out) {
        if (n.configIfPresent().isEmpty()) {
            return;
        }
        ConfigVersionRule.Action action = ConfigVersionRule.classify(quorum.version(),
                configVersions.versionOf(n.config()));
        boolean report = switch (action) {
            case NONE -> false;
            case PEER_OLDER -> olderConfigPeers.add(sid); // once per peer
            case IGNORE_NEWER, UNPARSABLE -> true;
        };
        if (report) {
            out.event(new ElectionEvent.ConfigMismatch(sid, action, quorum.version()));
        }
    }
}
