package dev.ballot.leadership;

import java.time.Instant;
import java.util.Objects;

/**
 * An established leader, as every member sees it: who leads, under which fencing token, since when.
 * Immutable.
 *
 * @param sid          the leader's sid
 * @param fencingToken the epoch the leader established with a quorum: strictly increasing across
 *                     leaders and across full restarts (it is persisted by every member)
 * @param since        when this member saw the leadership established (its own clock)
 */
public record LeaderInfo(long sid, long fencingToken, Instant since) {
    public LeaderInfo {
        Objects.requireNonNull(since, "since");
    }
}
