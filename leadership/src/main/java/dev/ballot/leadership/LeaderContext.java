package dev.ballot.leadership;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * One term of leadership held by this member: its fencing token, when it began, and a stage that
 * completes (with the reason) when it ends. Work done as leader should carry {@link #fencingToken()}
 * to whatever it writes, so that a store can refuse a deposed leader's writes. Thread-safe.
 */
public final class LeaderContext {
    private final long sid;
    private final long fencingToken;
    private final Instant since;
    private final CompletableFuture<String> ended = new CompletableFuture<>();

    LeaderContext(long sid, long fencingToken, Instant since) {
        this.sid = sid;
        this.fencingToken = fencingToken;
        this.since = since;
    }

    /** This member's sid. */
    public long sid() {
        return sid;
    }

    /** The established epoch of this term: strictly greater than every earlier leader's. */
    public long fencingToken() {
        return fencingToken;
    }

    /** When the term began, on this member's clock. */
    public Instant since() {
        return since;
    }

    /** Whether the term is still on. */
    public boolean isActive() {
        return !ended.isDone();
    }

    /** Completes with the reason when the term ends (before any other member can acquire leadership). */
    public CompletionStage<String> ended() {
        return ended.minimalCompletionStage();
    }

    /** Ends the term; false if it had already ended. */
    boolean end(String reason) {
        return ended.complete(reason);
    }

    @Override
    public String toString() {
        return "LeaderContext[sid=" + sid + ", fencingToken=" + fencingToken + ", since=" + since
                + (isActive() ? "" : ", ended") + "]";
    }
}
