package dev.ballot.leadership.quorum;

import java.util.ArrayDeque;

/**
 * The send times of the {@link QuorumMessage.Ping}s a leader wrote to one learner connection that the learner
 * has not answered yet, oldest first. A learner answers every Ping once, in order (one TCP connection keeps
 * order), so each {@link QuorumMessage.Pong} answers the oldest one still outstanding, and the learner heard
 * the leader no earlier than that Ping's send time.
 *
 * <p>Bounded: pings are kept as runs of consecutive ones under the send time of the run's first; beyond
 * {@link #MAX_RUNS} runs (a learner that answered nothing for {@code MAX_RUNS} heartbeats, many times
 * {@code syncLimit*tickTime}) every new ping joins the last run. A merged ping is credited with an earlier send
 * time than its own, never a later one: the lease only gets shorter. Not thread-safe.
 */
final class UnansweredPings {
    static final int MAX_RUNS = 64;

    /** {@code firstSentNanos} of a run of {@code count} pings, all credited with that time. */
    private static final class Run {
        final long firstSentNanos;
        long count = 1;

        Run(long firstSentNanos) {
            this.firstSentNanos = firstSentNanos;
        }
    }

    private final ArrayDeque<Run> runs = new ArrayDeque<>();

    /** A Ping went out at {@code now}. */
    void sent(long now) {
        if (runs.size() >= MAX_RUNS) {
            runs.peekLast().count++;
        } else {
            runs.addLast(new Run(now));
        }
    }

    /** Whether a Pong now would answer a Ping (false: an unsolicited one, such as an older learner's keepalive). */
    boolean outstanding() {
        return !runs.isEmpty();
    }

    /**
     * A Pong arrived: takes the oldest unanswered Ping and returns its send time.
     *
     * @throws IllegalStateException if none is {@link #outstanding()}
     */
    long answer() {
        Run oldest = runs.peekFirst();
        if (oldest == null) {
            throw new IllegalStateException("no ping outstanding");
        }
        if (--oldest.count == 0) {
            runs.removeFirst();
        }
        return oldest.firstSentNanos;
    }
}
