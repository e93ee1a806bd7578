package dev.ballot.leadership.sim;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The simulator catches a deliberately broken peer: each bug put back into the glue ({@link SimSetup.Mutation};
 * the first three are the code before issue 10's fixes) makes seeds fail with the invariant that guards it,
 * and clocks that drift beyond the lease rule's assumption break the lease.
 */
class MutationsAreCaughtTest {
    private static final int SEEDS = 60;

    @Test
    void aLeaderThatComparesHellosWithItsStartingEpochs_keepsARestartedFollowerOut() {
        assertCaught(Set.of(SimSetup.Mutation.STALE_EPOCHS), WholePeerSimulation.Scenario.TARGETED, "rejoin: restarted follower");
    }

    /** Before 2427f7b and 7033d8a: the refused follower retried at once, forever. */
    @Test
    void aRefusedFollowerWithoutBackOff_isAnElectionStorm() {
        assertCaught(Set.of(SimSetup.Mutation.STALE_EPOCHS, SimSetup.Mutation.NO_BACKOFF),
                WholePeerSimulation.Scenario.TARGETED, "elections within 60 s");
    }

    /** Before 08aae32: a peer on a bad disk (often the highest sid) stayed a candidate and kept winning. */
    @Test
    void aPeerThatCannotPersistButStaysACandidate_electsAndDecidesToLead() {
        assertCaught(Set.of(SimSetup.Mutation.NO_WITHDRAW), WholePeerSimulation.Scenario.PERSISTENT,
                "decided to lead although its last epoch write failed", "started an election although it knows");
    }

    @Test
    void aLeaderThatNeverStepsDownOnItsDeadline_breaksTheLease() {
        assertCaught(Set.of(SimSetup.Mutation.NO_STEP_DOWN), WholePeerSimulation.Scenario.TARGETED, "lease: ");
    }

    /** Before the leader stepped down for it: the seeds where it happened (too rare for 60 drawn seeds). */
    @Test
    void aLeaderThatLeadsOnOverALearnerBeyondItsEpoch_leavesThatLearnerOutForGood() {
        int caught = 0;
        for (long seed : WholePeerSimulatorTest.ACCEPTED_EPOCH_AHEAD) {
            var r = new WholePeerSimulation(seed, WholePeerSimulation.DEFAULT_DRIFT,
                    Set.of(SimSetup.Mutation.LEADS_ON_OVER_AHEAD), null).run();
            if (r.violations().stream().anyMatch(v -> v.contains("liveness: not every live peer established"))
                    && r.transcript().contains("beyond this leader's")) {
                caught++;
            }
        }
        assertTrue(caught > 0, "never caught in " + WholePeerSimulatorTest.ACCEPTED_EPOCH_AHEAD);
        System.out.println("[LEADS_ON_OVER_AHEAD]: caught in " + caught + " of " + WholePeerSimulatorTest.ACCEPTED_EPOCH_AHEAD);
    }

    @Test
    void clocksDriftingBeyondTheAssumedTenPercent_breakTheLease() {
        List<String> broken = new ArrayList<>();
        for (long seed = 1; seed <= SEEDS && broken.isEmpty(); seed++) {
            var r = new WholePeerSimulation(seed, 0.3, Set.of(), WholePeerSimulation.Scenario.TARGETED).run();
            r.known().stream().filter(k -> k.startsWith("lease: ") && k.contains("clock rates")).forEach(broken::add);
        }
        assertTrue(!broken.isEmpty(), "no lease break with clock rates 0.7-1.3 in " + SEEDS + " leader isolations");
    }

    private static void assertCaught(Set<SimSetup.Mutation> bug, WholePeerSimulation.Scenario scenario, String... expected) {
        int caught = 0;
        List<String> other = new ArrayList<>();
        for (long seed = 1; seed <= SEEDS; seed++) {
            var r = new WholePeerSimulation(seed, WholePeerSimulation.DEFAULT_DRIFT, bug, scenario).run();
            if (r.violations().stream().anyMatch(v -> java.util.Arrays.stream(expected).anyMatch(v::contains))) {
                caught++;
            } else {
                other.addAll(r.violations());
            }
        }
        assertTrue(caught > 0, bug + " was never caught by " + List.of(expected) + " in " + SEEDS + " seeds; other: "
                + other.stream().limit(5).toList());
        System.out.println(bug + ": caught in " + caught + " of " + SEEDS + " " + scenario + " seeds");
    }
}
