package dev.ballot.leadership;

import dev.ballot.leadership.quorum.Backoff;

import java.time.Duration;

/**
 * What a peer does between its roles, decided without threads, clocks or I/O: when the next election starts
 * once a role (or an election) ended ({@link ElectionPacer}'s back-off and cap), whether a resigned leader sits
 * out first, and whether a peer that cannot persist its epochs leaves the election and probes its disk
 * ({@link Backoff#PROBE}). {@link QuorumPeer} carries out its answers on the peer's loop; the whole-peer
 * simulator carries them out on virtual time, so both run the same rules. Time ({@code now}, nanoseconds)
 * and randomness (uniform in [0, 1)) are inputs.
 *
 * <p>Not thread-safe: the peer's loop only.
 */
public final class PeerCycle {

    /** What to do once a role ended. */
    public sealed interface Next {
        /** Look for a leader again after {@code delayNanos} (0: at once). */
        record Look(long delayNanos) implements Next {
        }

        /** This leader resigned: stay out of the election for {@code nanos}, then look. */
        record SitOut(long nanos) implements Next {
        }

        /** The epochs cannot be persisted: leave the election and probe the disk until a write succeeds. */
        record Withdraw() implements Next {
        }
    }

    private final ElectionPacer pacer;
    private String diskFault;   // why the epochs cannot be persisted, null while they can
    private int probeFailures;  // write probes since the disk fault
    private long sitOutNanos;   // > 0 after resign(): how long to stay out of the next election

    /** @param syncTimeout {@code syncLimit * tickTime}: how long a role must stay established for its end to be no failure */
    public PeerCycle(Duration syncTimeout) {
        this.pacer = new ElectionPacer(Backoff.ROLE, syncTimeout);
    }

    /** An election starts now. */
    public void electionStarted(long now) {
        pacer.started(now);
    }

    /** The role established now. */
    public void established(long now) {
        pacer.established(now);
    }

    /** The leader resigns: once its role ended it stays out of the election for {@code sitOut}. */
    public void resigning(Duration sitOut) {
        sitOutNanos = Math.max(1, sitOut.toNanos());
    }

    /**
     * An epoch write failed with {@code reason}.
     *
     * @return whether this is news (the disk was writable until now): the caller reports it once
     */
    public boolean diskFailed(String reason) {
        if (diskFault != null) {
            return false;
        }
        diskFault = reason;
        return true;
    }

    /** Why the epochs cannot be persisted, or null while they can. */
    public String diskFault() {
        return diskFault;
    }

    /** The role ended now (not because the peer closes): withdraw, sit out, or look after the pacer's delay. */
    public Next roleEnded(long now, double random) {
        if (diskFault != null) {
            sitOutNanos = 0;
            return new Next.Withdraw();
        }
        if (sitOutNanos > 0) {
            long n = sitOutNanos;
            sitOutNanos = 0;
            return new Next.SitOut(n);
        }
        return new Next.Look(pacer.nextDelay(now, random));
    }

    /** An election (or rejoining one) failed now: the nanoseconds to wait before the next election. */
    public long electionFailed(long now, double random) {
        return pacer.nextDelay(now, random);
    }

    /** The delay before the next write probe of a peer that cannot persist (one more probe counted). */
    public long nextProbeDelay(double random) {
        return Backoff.PROBE.delayNanos(++probeFailures, random);
    }

    /** A write probe failed again, with {@code reason}. */
    public void probeFailed(String reason) {
        diskFault = reason;
    }

    /**
     * A write probe succeeded: the disk is writable, the peer rejoins the election and looks.
     *
     * @return how many probes it took
     */
    public int probeSucceeded() {
        int n = probeFailures;
        diskFault = null;
        probeFailures = 0;
        return n;
    }
}
