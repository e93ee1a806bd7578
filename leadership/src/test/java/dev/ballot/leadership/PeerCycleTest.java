package dev.ballot.leadership;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The decisions between roles: a disk fault withdraws, a resignation sits out, anything else is paced. */
class PeerCycleTest {
    private static final long MS = 1_000_000;
    private final PeerCycle cycle = new PeerCycle(Duration.ofSeconds(2));

    @Test
    void aFailedRoleIsBackedOff_aStableOneLooksAtOnce() {
        cycle.electionStarted(0);
        var first = (PeerCycle.Next.Look) cycle.roleEnded(10 * MS, 0.0);
        assertEquals(50 * MS, first.delayNanos(), "half of Backoff.ROLE's first ceiling (100 ms)");
        cycle.electionStarted(100 * MS);
        cycle.established(200 * MS);
        var stable = (PeerCycle.Next.Look) cycle.roleEnded(200 * MS + 2000 * MS, 0.5);
        assertEquals(0, stable.delayNanos());
    }

    @Test
    void aDiskFaultWithdrawsUntilAProbeSucceeds_andIsNewsOnce() {
        assertTrue(cycle.diskFailed("cannot write x: Read-only file system"));
        assertFalse(cycle.diskFailed("again"));
        cycle.resigning(Duration.ofSeconds(1));
        assertInstanceOf(PeerCycle.Next.Withdraw.class, cycle.roleEnded(0, 0.1));
        assertEquals(125 * MS, cycle.nextProbeDelay(0.0));
        assertEquals(250 * MS, cycle.nextProbeDelay(0.0));
        cycle.probeFailed("No space left on device");
        assertEquals("No space left on device", cycle.diskFault());
        assertEquals(2, cycle.probeSucceeded());
        assertNull(cycle.diskFault());
        assertInstanceOf(PeerCycle.Next.Look.class, cycle.roleEnded(0, 0.1), "the withdrawal dropped the sit-out");
    }

    @Test
    void aResignedLeaderSitsOutOnce() {
        cycle.resigning(Duration.ofMillis(700));
        assertEquals(new PeerCycle.Next.SitOut(700 * MS), cycle.roleEnded(0, 0.3));
        assertInstanceOf(PeerCycle.Next.Look.class, cycle.roleEnded(0, 0.3));
    }
}
