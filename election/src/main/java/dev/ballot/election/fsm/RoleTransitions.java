package dev.ballot.election.fsm;

import dev.ballot.core.PeerState;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The legal changes of a peer's election state (convention 4). LOOKING leaves only through a
 * decision; every other state returns to LOOKING for the next election or stays (a vote update
 * after epoch establishment, docs/protocol.md "Epoch establishment" step 6).
 *
 * <pre>
 * from \ to   LOOKING  FOLLOWING  LEADING  OBSERVING
 * LOOKING        x         x         x         x      (LOOKING -> LOOKING: next round after a start)
 * FOLLOWING      x         x
 * LEADING        x                   x         x      (LEADING -> OBSERVING: a leader that resigned sits out)
 * OBSERVING      x                             x
 * </pre>
 *
 * A leader that resigns advertises OBSERVING while it sits out of the next election: FLE ignores
 * notifications from observers, so no LOOKING peer counts its old vote or follows it (its old
 * LEADING vote plus one stale FOLLOWING vote would otherwise make a quorum for a leader that left).
 */
public final class RoleTransitions {
    private static final Map<PeerState, Set<PeerState>> LEGAL = new EnumMap<>(PeerState.class);

    static {
        LEGAL.put(PeerState.LOOKING, EnumSet.allOf(PeerState.class));
        LEGAL.put(PeerState.FOLLOWING, EnumSet.of(PeerState.LOOKING, PeerState.FOLLOWING));
        LEGAL.put(PeerState.LEADING, EnumSet.of(PeerState.LOOKING, PeerState.LEADING, PeerState.OBSERVING));
        LEGAL.put(PeerState.OBSERVING, EnumSet.of(PeerState.LOOKING, PeerState.OBSERVING));
    }

    private RoleTransitions() {
    }

    /** Whether {@code from -> to} is legal. */
    public static boolean isLegal(PeerState from, PeerState to) {
        return LEGAL.get(from).contains(to);
    }

    /** @throws IllegalStateException naming both states if {@code from -> to} is not legal */
    public static void check(long myId, PeerState from, PeerState to) {
        if (!isLegal(from, to)) {
            throw new IllegalStateException(myId + ": illegal election state change " + from + " -> " + to);
        }
    }
}
