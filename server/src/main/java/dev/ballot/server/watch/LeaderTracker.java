package dev.ballot.server.watch;

import dev.ballot.election.ElectionResult;
import dev.ballot.core.PeerState;
import dev.ballot.leadership.Elector;
import dev.ballot.leadership.QuorumPeer;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Follows one peer's role through its {@link QuorumPeer.Events} and keeps the current
 * {@link LeaderView}; listeners get every change, in order, on the thread that reported it (the
 * peer's event loop), so a listener must not block. Thread-safe.
 */
public final class LeaderTracker implements QuorumPeer.Events {
    private final long me;
    private final Clock clock;
    private final List<Consumer<LeaderView>> listeners = new ArrayList<>();
    private LeaderView current;
    private boolean stopped;

    public LeaderTracker(long me, Clock clock) {
        this.me = me;
        this.clock = clock;
        this.current = new LeaderView(null, null, clock.instant().toString(), me, PeerState.LOOKING.name(), false);
    }

    /** The current view. */
    public synchronized LeaderView current() {
        return current;
    }

    /**
     * Adds {@code listener} and returns the view it starts from: it hears of every later change and
     * of no earlier one.
     */
    public synchronized LeaderView subscribe(Consumer<LeaderView> listener) {
        listeners.add(listener);
        return current;
    }

    public synchronized void unsubscribe(Consumer<LeaderView> listener) {
        listeners.remove(listener);
    }

    @Override
    public void onDecided(long sid, ElectionResult decision) {
        update(decision.vote().leader(), null, decision.role(), false);
    }

    @Override
    public void onEstablished(long sid, PeerState role, long leader, long epoch) {
        update(leader, epoch, role, true);
    }

    @Override
    public void onRoleEnded(long sid, PeerState role, String reason) {
        update(null, null, PeerState.LOOKING, false);
    }

    /** The peer is stopping: LOOKING, so that listeners stop acting as (or on) the leader. */
    public synchronized void stopped() {
        update(null, null, PeerState.LOOKING, false);
        stopped = true; // a role report racing with the close must not bring LEADING back
    }

    private synchronized void update(Long leader, Long token, PeerState role, boolean established) {
        if (stopped) {
            return;
        }
        LeaderView next = new LeaderView(leader, token, clock.instant().toString(), me, role.name(), established);
        if (next.sameAs(current)) {
            return;
        }
        current = next;
        for (Consumer<LeaderView> l : List.copyOf(listeners)) {
            l.accept(next);
        }
    }
}
