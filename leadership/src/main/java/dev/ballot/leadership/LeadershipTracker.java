package dev.ballot.leadership;

import dev.ballot.election.ElectionResult;
import dev.ballot.core.PeerState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * Turns a {@link QuorumPeer}'s role events into leadership: the current leader, this member's
 * {@link LeaderContext}, the listeners' callbacks in their documented order, the work that runs only
 * while leading, and the futures waiting for leadership.
 *
 * <p>Confined to the peer's event loop, except {@link #current} and {@link #context}, which are
 * volatile so that {@code isLeader()}/{@code currentLeader()} can read them from any thread.
 */
final class LeadershipTracker implements QuorumPeer.Events {
    private static final Logger LOG = LoggerFactory.getLogger(LeadershipTracker.class);

    private final long mySid;
    private final Clock clock;
    private final List<LeadershipListener> listeners;
    private final QuorumPeer.Events next;
    private final List<LeaderWork> work = new CopyOnWriteArrayList<>(); // registered from any thread, run on the loop
    private final List<CompletableFuture<LeaderContext>> waiting = new ArrayList<>();
    private volatile Optional<LeaderInfo> current = Optional.empty(); // read from any thread (see class comment)
    private volatile LeaderContext context;                            // this member's term, null unless leading

    LeadershipTracker(long mySid, Clock clock, List<LeadershipListener> listeners, QuorumPeer.Events next) {
        this.mySid = mySid;
        this.clock = clock;
        this.listeners = new CopyOnWriteArrayList<>(listeners);
        this.next = next;
    }

    void addListener(LeadershipListener l) {
        listeners.add(l);
    }

    Optional<LeaderInfo> current() {
        return current;
    }

    boolean isLeader() {
        LeaderContext c = context;
        return c != null && c.isActive();
    }

    @Override
    public void onDecided(long sid, ElectionResult decision) {
        next.onDecided(sid, decision);
    }

    @Override
    public void onEstablished(long sid, PeerState role, long leader, long epoch) {
        next.onEstablished(sid, role, leader, epoch);
        LeaderInfo info = new LeaderInfo(leader, epoch, clock.instant());
        if (role == PeerState.LEADING) {
            acquire(new LeaderContext(mySid, epoch, info.since()));
        }
        changeLeader(Optional.of(info));
    }

    @Override
    public void onRoleEnded(long sid, PeerState role, String reason) {
        next.onRoleEnded(sid, role, reason);
        lose(reason);
        changeLeader(Optional.empty());
    }

    /** Ends this member's term (if any) before the peer acts on it: resigning, closing, or a role that ended. */
    void lose(String reason) {
        LeaderContext c = context;
        if (c == null || !c.end(reason)) {
            return;
        }
        context = null;
        LOG.info("{}: leadership lost (fencing token {}): {}", mySid, c.fencingToken(), reason);
        for (LeaderWork w : work) {
            w.stop();
        }
        for (LeadershipListener l : listeners) {
            call(() -> l.onLost(c, reason), "onLost");
        }
    }

    /** Says the leader is gone (a closing member), once. */
    void leaderGone() {
        changeLeader(Optional.empty());
    }

    private void acquire(LeaderContext c) {
        lose("superseded by a new term"); // cannot happen with one role at a time; keeps lost-before-acquired
        context = c;
        LOG.info("{}: leadership acquired, fencing token {}", mySid, c.fencingToken());
        for (LeadershipListener l : listeners) {
            call(() -> l.onAcquired(c), "onAcquired");
        }
        for (LeaderWork w : work) {
            w.start(c);
        }
        List<CompletableFuture<LeaderContext>> w = new ArrayList<>(waiting);
        waiting.clear();
        w.forEach(f -> f.complete(c));
    }

    private void changeLeader(Optional<LeaderInfo> leader) {
        Optional<LeaderInfo> was = current;
        boolean same = was.isPresent() == leader.isPresent() && (was.isEmpty()
                || (was.get().sid() == leader.get().sid() && was.get().fencingToken() == leader.get().fencingToken()));
        if (same) {
            return;
        }
        current = leader;
        for (LeadershipListener l : listeners) {
            call(() -> l.onLeaderChanged(leader), "onLeaderChanged");
        }
    }

    /** Completes at once if leading, else at the next acquisition. Call on the loop. */
    void await(CompletableFuture<LeaderContext> f) {
        LeaderContext c = context;
        if (c != null && c.isActive()) {
            f.complete(c);
        } else {
            waiting.add(f);
        }
    }

    /** Registers work; starts it now if leading. Call on the loop. */
    LeaderWork register(Function<LeaderContext, ? extends CompletionStage<?>> body) {
        LeaderWork w = new LeaderWork(mySid, body, work::remove);
        work.add(w);
        LeaderContext c = context;
        if (c != null && c.isActive()) {
            w.start(c);
        }
        return w;
    }

    /** Fails whoever waits: the member closed. */
    void closed() {
        List<CompletableFuture<LeaderContext>> w = new ArrayList<>(waiting);
        waiting.clear();
        w.forEach(f -> f.completeExceptionally(new IllegalStateException("leadership of member " + mySid + " closed")));
    }

    private void call(Runnable callback, String what) {
        try {
            callback.run();
        } catch (RuntimeException e) {
            LOG.warn("{}: leadership listener {} threw; going on", mySid, what, e);
        }
    }
}
