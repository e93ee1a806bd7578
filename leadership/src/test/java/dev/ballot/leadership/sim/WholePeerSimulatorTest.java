package dev.ballot.leadership.sim;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Runs the whole-peer simulator over many seeds and checks every invariant on every run (README "The whole-peer
 * simulator"). {@code -Dballot.sim.seeds=N} sets the number of seeds (default 2000), {@code -Dballot.sim.seed=S}
 * replays one seed and prints its transcript.
 */
class WholePeerSimulatorTest {
    private static final long SEEDS = Long.getLong("ballot.sim.seeds", 2000);
    private static final String RERUN = "mvn -B -ntp -pl leadership -am verify -Dtest='WholePeerSimulatorTest#oneSeed'"
            + " -Dsurefire.failIfNoSpecifiedTests=false -Dballot.sim.seed=";

    @Test
    void seededRunsKeepEverySafetyAndLivenessInvariant() {
        long start = System.nanoTime();
        List<WholePeerSimulation.Result> failed = new ArrayList<>();
        List<WholePeerSimulation.Result> known = new ArrayList<>();
        List<Long> settle = new ArrayList<>();
        List<Long> gaps = new ArrayList<>();
        List<Long> isolation = new ArrayList<>();
        List<Long> rejoin = new ArrayList<>();
        List<Long> badDisk = new ArrayList<>();
        int[] scenarios = new int[WholePeerSimulation.Scenario.values().length];
        long elections = 0;
        long virtualMs = 0;
        int mostPerMinute = 0;
        for (long seed = 1; seed <= SEEDS; seed++) {
            WholePeerSimulation.Result r = new WholePeerSimulation(seed).run();
            if (!r.violations().isEmpty()) {
                failed.add(r);
                continue;
            }
            if (!r.known().isEmpty()) {
                known.add(r);
            }
            scenarios[r.scenario().ordinal()]++;
            elections += r.elections();
            virtualMs += r.virtualMs();
            if (r.settleMs() >= 0) {
                settle.add(r.settleMs());
            }
            gaps.addAll(r.leaseGaps());
            if (r.isolationToLeaderMs() >= 0) {
                isolation.add(r.isolationToLeaderMs());
            }
            if (r.rejoinMs() >= 0) {
                rejoin.add(r.rejoinMs());
            }
            if (r.badDiskQuorumMs() >= 0) {
                badDisk.add(r.badDiskQuorumMs());
            }
            mostPerMinute = Math.max(mostPerMinute, r.mostElectionsPerMinute());
        }
        double secs = (System.nanoTime() - start) / 1e9;
        System.out.println(String.format(Locale.ROOT, "whole-peer simulator: %d seeds (churn %d, persistent %d, "
                        + "targeted %d), %d elections, %.0f virtual minutes, %d failing, in %.1f s (%.0f seeds/s)",
                SEEDS, scenarios[0], scenarios[1], scenarios[2], elections, virtualMs / 60_000.0, failed.size(), secs,
                SEEDS / secs));
        System.out.println("  settle after the last heal (virtual ms): " + summary(settle)
                + "; lease gap, old leader's lost to the next acquired (ms): " + summary(gaps)
                + "; leader isolated to a new established leader (ms): " + summary(isolation)
                + "; restarted follower to established under the same leader (ms): " + summary(rejoin)
                + "; bad disk from the start to an established quorum (ms): " + summary(badDisk)
                + "; most elections one peer started in a minute: " + mostPerMinute);
        for (String kind : List.of("restart:")) {
            List<Long> seeds = known.stream().filter(r -> r.known().stream().anyMatch(k -> k.contains(kind)))
                    .map(WholePeerSimulation.Result::seed).toList();
            System.out.println("  known limitation (" + kind.replace(":", "") + "): " + seeds.size() + " seeds "
                    + seeds.stream().limit(10).toList());
        }
        if (!failed.isEmpty()) {
            WholePeerSimulation.Result r = failed.get(0);
            fail(failed.size() + " seeds failed:\n" + String.join("\n", failed.stream().limit(20)
                    .map(x -> x.violations().get(0)).toList()) + "\nre-run the first: " + RERUN + r.seed()
                    + "\ntranscript tail:\n" + r.tail(40));
        }
        assertTrue(SEEDS < 100 || (scenarios[0] > 0 && scenarios[1] > 0 && scenarios[2] > 0), "every scenario ran");
    }

    @Test
    void oneSeed() {
        long seed = Long.getLong("ballot.sim.seed", 4242);
        WholePeerSimulation.Result first = new WholePeerSimulation(seed).run();
        WholePeerSimulation.Result second = new WholePeerSimulation(seed).run();
        if (System.getProperty("ballot.sim.seed") != null) {
            System.out.println(first.transcript());
        }
        assertEquals(first.transcript(), second.transcript(), "one seed, one run");
        assertEquals(first.events(), second.events());
        assertEquals(List.of(), first.violations(), first.tail(40));
    }

    /**
     * The seeds of 20,000 where a member whose accepted epoch was beyond the established leader's stayed refused by
     * it until the end of the run (a "known limitation" until the leader stepped down for it, LeaderSession.onRefused).
     */
    static final List<Long> ACCEPTED_EPOCH_AHEAD = List.of(516L, 3770L, 7124L, 13049L, 15228L, 15756L);

    /** Seeds that once failed on the code of their time (the 20,000-seed soak) and pass since their fix. */
    @Test
    void seedsThatOnceFailed_pass() {
        // 10912: a pending epoch write failed just after its role ended by the initLimit deadline; the peer then
        // started its paced election knowing it could not persist (QuorumPeer now withdraws instead).
        // 4262 ... 19679: a leader->follower cut, then a follower->leader cut; the leader counted the followers'
        // keepalive Pongs on arrival and led on after they elected another (the lease now counts from the send
        // time of the ping a Pong answers, LeaderSession). 3489, 14582, 16525: the same rule broke the lease after
        // a quorum-port retransmission; the run once filed those as known limitations ("segment loss")
        // ACCEPTED_EPOCH_AHEAD: once known limitations too
        List<Long> seeds = new ArrayList<>(List.of(10912L, 4262L, 4469L, 11031L, 13919L, 17922L, 18617L, 19679L,
                3489L, 14582L, 16525L));
        seeds.addAll(ACCEPTED_EPOCH_AHEAD);
        for (long seed : seeds) {
            WholePeerSimulation.Result r = new WholePeerSimulation(seed).run();
            assertEquals(List.of(), r.violations(), "seed " + seed + "\n" + r.tail(40));
        }
    }

    static String summary(List<Long> values) {
        if (values.isEmpty()) {
            return "none";
        }
        List<Long> s = values.stream().sorted().toList();
        return s.get(0) + "/" + s.get(s.size() / 2) + "/" + s.get(s.size() - 1) + " (min/median/max of " + s.size() + ")";
    }
}
