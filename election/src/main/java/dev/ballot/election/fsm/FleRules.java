package dev.ballot.election.fsm;

import dev.ballot.core.LearnerType;
import dev.ballot.core.Notification;
import dev.ballot.core.PeerState;
import dev.ballot.core.Vote;
import dev.ballot.core.VoteOrder;
import dev.ballot.core.quorum.QuorumVerifier;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.LongPredicate;

/**
 * FastLeaderElection's rules as small pure functions, one per rule of docs/protocol.md "4. Fast Leader Election", each with a table
 * test. Stateless and thread-safe.
 */
public final class FleRules {

    /** How a notification's round compares with the logical clock (docs/protocol.md "A LOOKING notification" steps 3-5). */
    public enum Round {
        /** The sender is ahead: adopt its round. */
        AHEAD,
        /** Same round. */
        SAME,
        /** The sender is behind: ignore (the receiver already answered it). */
        BEHIND
    }

    private FleRules() {
    }

    /**
     * The initial vote of an election (docs/protocol.md "The initial vote"): leader = myId if I vote, else MIN_VALUE; zxid and
     * peerEpoch real for participants, MIN_VALUE for observers. electionEpoch = {@code round}.
     */
    public static Vote initialVote(long myId, boolean voter, LearnerType type, long lastZxid, long currentEpoch,
                                   long round) {
        boolean participant = type == LearnerType.PARTICIPANT;
        return new Vote(voter ? myId : Long.MIN_VALUE, participant ? lastZxid : Long.MIN_VALUE, round,
                participant ? currentEpoch : Long.MIN_VALUE, PeerState.LOOKING);
    }

    /** {@code candidate} beats {@code current} in FLE's total order (docs/protocol.md "Ordering votes"), weight 0 never wins. */
    public static boolean beats(Vote candidate, Vote current, QuorumVerifier quorum) {
        return VoteOrder.beats(candidate, current, quorum::weight);
    }

    /**
     * The zxid -1 rules for LOOKING notifications (docs/protocol.md "A LOOKING notification" steps 1-2).
     *
     * @return why the notification is ignored, or {@code null} to process it
     */
    public static ElectionEvent.RejectReason rejectLooking(long myInitialZxid, long notificationZxid) {
        if (myInitialZxid == -1) {
            return ElectionEvent.RejectReason.MY_DATABASE_UNTRUSTED;
        }
        if (notificationZxid == -1) {
            return ElectionEvent.RejectReason.SENDER_DATABASE_UNTRUSTED;
        }
        return null;
    }

    /** How the sender's round compares with mine (docs/protocol.md "A LOOKING notification"). */
    public static Round compareRound(long notificationRound, long logicalClock) {
        return notificationRound > logicalClock ? Round.AHEAD
                : notificationRound < logicalClock ? Round.BEHIND : Round.SAME;
    }

    /**
     * The proposal after adopting a higher round (docs/protocol.md "A LOOKING notification" step 3.3): the notification's vote if it
     * beats my <em>initial</em> vote, else my initial vote.
     */
    public static Vote proposalOnNewRound(Vote received, Vote initial, QuorumVerifier quorum) {
        return beats(received, initial, quorum) ? received : initial;
    }

    /** The sids whose stored vote {@linkplain Vote#matches equals} {@code ref} and that vote in {@code quorum}. */
    public static Set<Long> electors(Map<Long, Vote> votes, Vote ref, QuorumVerifier quorum) {
        Set<Long> acks = new TreeSet<>();
        votes.forEach((sid, v) -> {
            if (v.matches(ref) && quorum.isVoter(sid)) { // matches first: a few field compares, no map lookup
                acks.add(sid);
            }
        });
        return acks;
    }

    /**
     * ZooKeeper's {@code checkLeader} (docs/protocol.md "A FOLLOWING or LEADING notification"): another leader must have sent its own LEADING vote
     * (ZOOKEEPER-975); I may lead only on votes of my current round (ZOOKEEPER-1514).
     */
    public static boolean checkLeader(Map<Long, Vote> votes, long leader, long round, long myId, long logicalClock) {
        if (leader != myId) {
            Vote v = votes.get(leader);
            return v != null && v.state() == PeerState.LEADING;
        }
        return logicalClock == round;
    }

    /**
     * Ballot's {@code decideWhenAllVoted}: every voter has a stored vote and all of them equal
     * {@code ref}. Then {@code ref} is the greatest initial vote of all voters and no better one can come.
     */
    public static boolean allVoted(Map<Long, Vote> votes, Vote ref, QuorumVerifier quorum) {
        for (Long sid : quorum.votingMembers().keySet()) {
            Vote v = votes.get(sid);
            if (v == null || !v.matches(ref)) {
                return false;
            }
        }
        return !quorum.votingMembers().isEmpty();
    }

    /**
     * Ballot's {@code decideWhenAllVoted} when links are known: every voter either has a stored vote equal to
     * {@code ref} or {@code knownDown} (its link closed, or never came up within the connect timeout).
     * Deciding then is an outcome ZooKeeper's finalize wait also allows: it is what ZooKeeper decides when the
     * down voters' messages arrive after the wait, which an asynchronous network permits (README "election").
     * The caller also requires a quorum of matching votes.
     */
    public static boolean allReachableVoted(Map<Long, Vote> votes, Vote ref, QuorumVerifier quorum,
                                            LongPredicate knownDown) {
        for (Long sid : quorum.votingMembers().keySet()) {
            Vote v = votes.get(sid);
            if ((v == null || !v.matches(ref)) && !knownDown.test(sid)) {
                return false;
            }
        }
        return !quorum.votingMembers().isEmpty();
    }

    /**
     * Whether a LOOKING notification {@code n} from {@code from}, received while this peer follows or observes
     * {@code decided}, shows that its leader does not lead the decided round (docs/protocol.md "A leader that looks"):
     * it comes from the leader itself, and is of a later round or proposes someone else. A leader's proposal
     * only grows within a round, so once it proposes another peer it will not lead that round; a repeat of its
     * vote for itself (its notification timer) shows nothing.
     */
    public static boolean leaderIsLooking(long from, Notification n, Vote decided, long myId) {
        if (from != decided.leader() || from == myId || n.state() != PeerState.LOOKING) {
            return false;
        }
        return n.electionEpoch() > decided.electionEpoch()
                || (n.electionEpoch() == decided.electionEpoch() && n.leader() != from);
    }

    /** The state a decision for {@code leader} puts me in (docs/protocol.md "Deciding"). */
    public static PeerState roleFor(long leader, long myId, LearnerType type) {
        if (leader == myId) {
            return PeerState.LEADING;
        }
        return type == LearnerType.PARTICIPANT ? PeerState.FOLLOWING : PeerState.OBSERVING;
    }

    /** The next notification wait (docs/protocol.md "Timers"): double, capped at {@code max}. */
    public static Duration nextInterval(Duration current, Duration max) {
        if (current.compareTo(max.dividedBy(2)) > 0) {
            return max;
        }
        Duration doubled = current.multipliedBy(2);
        return doubled.compareTo(max) > 0 ? max : doubled;
    }

    /**
     * A notification wait with optional jitter: {@code interval} plus 0-25 % derived from (sid, round,
     * attempt) by a fixed hash, so runs stay reproducible. Off: {@code interval} unchanged.
     */
    public static Duration jittered(Duration interval, boolean jitter, long myId, long round, long attempt) {
        if (!jitter) {
            return interval;
        }
        long h = mix(myId * 0x9E3779B97F4A7C15L ^ round * 0xC2B2AE3D27D4EB4FL ^ attempt);
        long permille = Math.floorMod(h, 251L); // 0..250 -> 0..25 %
        return interval.plus(interval.multipliedBy(permille).dividedBy(1000));
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
