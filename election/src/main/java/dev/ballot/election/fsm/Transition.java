package dev.ballot.election.fsm;

import dev.ballot.core.PeerState;
import java.util.Objects;

/** A change of the peer's election state, with the round it happened in. */
public record Transition(PeerState from, PeerState to, long round) {
    public Transition {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
    }
}
