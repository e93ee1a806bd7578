package dev.ballot.election.fsm;

import dev.ballot.core.PeerState;
import dev.ballot.core.Vote;
import java.util.Objects;
import java.util.Set;

/**
 * The end of one election (docs/protocol.md "Deciding").
 *
 * @param vote           the elected vote (leader, zxid, electionEpoch = round, peerEpoch), state = {@code role}
 * @param role           LEADING, FOLLOWING or OBSERVING
 * @param round          the logical clock when the election decided
 * @param electors       the sids whose stored votes matched the deciding reference vote
 * @param path           which rule decided
 * @param roundsObserved logical-clock values this election went through (1 + adopted rounds)
 */
public record Decision(Vote vote, PeerState role, long round, Set<Long> electors, Path path, int roundsObserved) {

    /** The rule that produced the decision. */
    public enum Path {
        /** A LOOKING quorum and a quiet finalize wait (docs/protocol.md "A LOOKING notification" step 7). */
        FINALIZE_WAIT,
        /** Every voter proposed our proposal in this round ({@code decideWhenAllVoted}). */
        ALL_VOTED,
        /**
         * A quorum and every voter whose link is not known down proposed our proposal in this round
         * ({@code decideWhenAllVoted}, {@link FleRules#allReachableVoted}); the others cannot send a better vote.
         */
        ALL_REACHABLE_VOTED,
        /** FOLLOWING/LEADING notifications of the current round (docs/protocol.md "A FOLLOWING or LEADING notification" step 1). */
        SAME_ROUND_ELECTED,
        /** FOLLOWING/LEADING notifications of any round (docs/protocol.md "A FOLLOWING or LEADING notification" step 2). */
        OUT_OF_ELECTION
    }

    public Decision {
        Objects.requireNonNull(vote, "vote");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(path, "path");
        electors = Set.copyOf(electors);
        if (role == PeerState.LOOKING) {
            throw new IllegalArgumentException("a decision cannot have role LOOKING");
        }
    }
}
