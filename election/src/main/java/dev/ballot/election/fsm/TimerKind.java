package dev.ballot.election.fsm;

/**
 * The timers the state machine asks its driver to run. Each arm carries a generation; a firing with
 * a stale generation is ignored, so drivers need not cancel reliably.
 */
public enum TimerKind {
    /** FLE's notification wait (docs/protocol.md "Timers"): fires after silence; rebroadcasts and doubles the wait. */
    NOTIFICATION,
    /** The finalize wait (docs/protocol.md "A LOOKING notification" step 7): fires when no better vote arrived; decides. */
    FINALIZE,
    /** The rate-limit window for replies to non-voters (docs/protocol.md "Receiving a notification", ping-pong hazard). */
    NON_VOTER_REPLY,
    /**
     * The connect timeout from the first election's start: voters whose link never came up count as known
     * down from then on ({@link FleRules#allReachableVoted}). Armed once per state machine.
     */
    CONNECT_TIMEOUT,
    /**
     * Expiry of the LOOKING notifications kept for the next election while it has not started (docs/protocol.md
     * "The LOOKING loop"): re-armed by each one kept, so only notifications of an election that went quiet expire.
     */
    EARLY_NOTIFICATIONS
}
