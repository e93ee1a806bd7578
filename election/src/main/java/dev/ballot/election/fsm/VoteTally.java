package dev.ballot.election.fsm;

/**
 * The outcome of counting stored votes against a reference vote (docs/protocol.md "Quorums and termination", the termination
 * predicate): {@link #WON} when the matching voters form a quorum, {@link #LOST} when they cannot
 * even if every voter not yet heard from joined them, {@link #PENDING} otherwise. FLE acts on
 * {@code WON} only; {@code LOST} is reported in traces.
 */
public enum VoteTally {
    PENDING,
    WON,
    LOST
}
