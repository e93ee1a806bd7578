package dev.ballot.zookeeper.process;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Rolling upgrade and rollback on the same dataDirs: three stock ZooKeeper 3.9.5 servers under a client writing at
 * a steady rate; each server in turn is stopped and started with the plugin (Ballot's election), then each in turn
 * back to stock. No acknowledged write is lost; the longest write gap of each step is printed and written to
 * {@code target/rolling-upgrade.txt} (figures from a shared machine: under load).
 */
class RollingUpgradeIT extends ProcessTest {
    private static final Duration WRITE_DEADLINE = Duration.ofSeconds(60);

    @Test
    void upgradeToBallotAndRollBackLosesNoAcknowledgedWrite() throws Exception {
        ensemble = new ZkEnsemble(dir, 3, "");
        ensemble.startAll(ServerKind.STOCK);
        ensemble.awaitServing();
        List<String> report = new ArrayList<>();
        Set<String> acked;
        try (Client setup = Client.connect(ensemble.connectString())) {
            setup.ensure("/r", WRITE_DEADLINE);
        }
        try (Client client = Client.connect(ensemble.connectString());
             SteadyWriter writer = new SteadyWriter(client, "/r", 10)) {
            awaitMoreWrites(writer);
            for (ServerKind target : List.of(ServerKind.BALLOT_PLUGIN, ServerKind.STOCK)) {
                for (long sid = 1; sid <= 3; sid++) {
                    ServerKind from = ensemble.kind(sid);
                    boolean wasLeader = ensemble.mode(sid).orElse("").equals("leader");
                    long start = System.nanoTime();
                    ensemble.stop(sid);
                    ensemble.start(sid, target);
                    ensemble.awaitServing();
                    awaitMoreWrites(writer);
                    long gap = writer.longestGapMillis(start, System.nanoTime());
                    report.add(String.format("server %d %s -> %s%s: longest write gap %d ms", sid, from, target,
                            wasLeader ? " (was leader)" : "", gap));
                }
            }
            acked = writer.ackedPaths();
        }
        Files.writeString(Path.of("target", "rolling-upgrade.txt"),
                "rolling upgrade and rollback, 3 servers, one write every 10 ms (under load)\n"
                        + String.join("\n", report) + "\n");
        report.forEach(line -> System.out.println("rolling upgrade: " + line + " (under load)"));
        // every step waited for 5 more acknowledged writes (how many more came depends on the machine's speed)
        assertTrue(acked.size() >= 5 * (1 + report.size()), "acknowledged " + acked.size() + " in " + report.size() + " steps");
        Writes.assertEveryWriteOnEveryServer(ensemble, "/r", acked);
    }

    /** Waits until the writer has five more acknowledged writes than now. */
    private static void awaitMoreWrites(SteadyWriter writer) {
        int target = writer.acknowledged() + 5;
        Deadline.awaitTrue(WRITE_DEADLINE, () -> "5 more acknowledged writes", () -> writer.acknowledged() >= target);
    }
}
