package dev.ballot.leadership;

import dev.ballot.core.PeerState;
import dev.ballot.election.ElectionResult;
import dev.ballot.leadership.quorum.RoleListener;

import java.net.SocketAddress;

/**
 * A peer's current role and what its role's reports mean, without threads, clocks or I/O: the state the election
 * last put the peer in, the decision and the fencing token it is established under, and a generation that makes
 * the reports of an earlier role (or an earlier election) stale. What a report leads to ({@link PeerCycle}:
 * look again after a back-off, sit out, withdraw), and whether a peer may start an election at all, is decided
 * here; the {@link Peer} carries it out.
 * {@link QuorumPeer} runs it on its event loop, the whole-peer simulator on virtual time, so both run the same glue.
 *
 * <p>Not thread-safe: the peer's loop only.
 */
public final class PeerRoles {

    /** What the peer carries out, on its loop. */
    public interface Peer {
        /** The peer's clock, nanoseconds. */
        long now();

        /** Uniform in [0, 1). */
        double random();

        /** The state was set ({@code changed}: to another one). */
        default void entered(PeerState state, boolean changed) {
        }

        /** The role established under {@code epoch}: tell the election, the operator and the listeners. */
        void established(PeerState role, long leader, long epoch);

        /** This learner role's leader went silent: the election may count it down. */
        void leaderSilent(long leader);

        /**
         * The role ended: drop it, and say so ({@code next}: what {@link PeerCycle} says follows).
         *
         * @return what follows, {@code next} itself (the whole-peer simulator's injected bugs replace it), or null
         *         while the peer closes: nothing follows
         */
        PeerCycle.Next roleEnded(PeerState was, boolean wasEstablished, String reason, PeerCycle.Next next);

        /** Start the election of generation {@code gen}; its decision goes to {@link #decided} if still current. */
        void elect(int gen);

        /** Leave the election and probe the disk until a write succeeds ({@link PeerCycle.Next.Withdraw}). */
        void withdraw();

        /** Stay out of the election for {@code nanos}, then {@link #lookForLeader} ({@link PeerCycle.Next.SitOut}). */
        void sitOut(long nanos);

        /** Run {@code task} on the peer's loop after {@code nanos}. */
        void schedule(long nanos, Runnable task);

        /** The leader accepted the connection at {@code address} but never answered HELLO (a ZooKeeper leader). */
        default void leaderNeverAnswered(long leader, SocketAddress address) {
        }

        /** A quorum-port connection with {@code peer} came up. */
        default void quorumPeerConnected(long peer, SocketAddress address) {
        }

        /** A quorum-port connection with {@code peer} went away. */
        default void quorumPeerLost(long peer, String reason) {
        }
    }

    private final PeerCycle cycle;
    private final Peer peer;
    private PeerState state = PeerState.LOOKING; // the election's view of this peer
    private ElectionResult decision;             // the last decision, null before the first
    private long fencingToken = -1;              // the established epoch, -1 unless established
    private int generation;                      // bumps with every role and election; stale reports are ignored

    public PeerRoles(PeerCycle cycle, Peer peer) {
        this.cycle = cycle;
        this.peer = peer;
    }

    public PeerState state() {
        return state;
    }

    /** The last decision, or null before the first. */
    public ElectionResult decision() {
        return decision;
    }

    /** The established epoch, or -1 unless established. */
    public long fencingToken() {
        return fencingToken;
    }

    public boolean established() {
        return fencingToken >= 0;
    }

    /** Sets the state (the peer hears {@link Peer#entered}). */
    public void enter(PeerState next) {
        boolean changed = next != state;
        state = next;
        peer.entered(next, changed);
    }

    /** Makes every earlier report stale. @return the new generation */
    public int next() {
        return ++generation;
    }

    /** Whether {@code gen} is still the current generation. */
    public boolean current(int gen) {
        return gen == generation;
    }

    /**
     * Looks for a leader now: an election of a new generation starts ({@link Peer#elect}), unless this peer knows
     * it cannot persist its epochs (a write failed after its role had ended, while still pending): then it withdraws.
     */
    public void lookForLeader() {
        if (cycle.diskFault() != null) {
            peer.withdraw();
            return;
        }
        enter(PeerState.LOOKING);
        int gen = next();
        cycle.electionStarted(peer.now());
        peer.elect(gen);
    }

    /** LOOKING now; looks for a leader after {@code delayNanos} (at once if 0) unless something else happened first. */
    public void lookAgainLater(long delayNanos) {
        enter(PeerState.LOOKING);
        int gen = next();
        if (delayNanos == 0) {
            lookForLeader();
            return;
        }
        peer.schedule(delayNanos, () -> {
            if (current(gen)) {
                lookForLeader();
            }
        });
    }

    /** The election decided: the state is the decided role, and the role about to start reports to the listener. */
    public RoleListener decided(ElectionResult d) {
        decision = d;
        enter(d.role());
        return new Watcher(next());
    }

    /** The reports of one role; stale generations are ignored. */
    private final class Watcher implements RoleListener {
        private final int gen;

        Watcher(int gen) {
            this.gen = gen;
        }

        @Override
        public void onEstablished(long epoch) {
            if (!current(gen)) {
                return;
            }
            fencingToken = epoch;
            cycle.established(peer.now());
            peer.established(state, decision.vote().leader(), epoch);
        }

        @Override
        public void onSilence(long leader) {
            if (current(gen)) {
                peer.leaderSilent(leader);
            }
        }

        @Override
        public void onAbandoned(String reason) {
            if (!current(gen)) {
                return;
            }
            PeerState was = state;
            boolean wasEstablished = fencingToken >= 0;
            fencingToken = -1;
            PeerCycle.Next next = peer.roleEnded(was, wasEstablished, reason, cycle.roleEnded(peer.now(), peer.random()));
            if (next instanceof PeerCycle.Next.Withdraw) {
                peer.withdraw();
            } else if (next instanceof PeerCycle.Next.SitOut so) {
                peer.sitOut(so.nanos());
            } else if (next instanceof PeerCycle.Next.Look look) {
                lookAgainLater(look.delayNanos());
            }
        }

        @Override
        public void onLeaderSilent(long leader, SocketAddress address) {
            if (current(gen)) {
                peer.leaderNeverAnswered(leader, address);
            }
        }

        @Override
        public void onPeerConnected(long sid, SocketAddress address) {
            peer.quorumPeerConnected(sid, address);
        }

        @Override
        public void onPeerLost(long sid, String reason) {
            peer.quorumPeerLost(sid, reason);
        }
    }
}
