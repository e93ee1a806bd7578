package dev.ballot.election.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ballot.core.Zxid;
import dev.ballot.election.Election;
import dev.ballot.election.ElectionConfig;
import dev.ballot.election.ElectionResult;
import dev.ballot.election.scenario.NettyEnsemble;
import dev.ballot.election.sim.Quorums;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Opt-in measurement ({@code -Dballot.bench.loopback=true}): in-JVM election time over loopback for
 * N = 3, 5, 9, 25, 51 with default settings, median of {@code -Dballot.bench.runs} (default 5) runs,
 * and the JVM's live thread count while the ensemble runs. All peers share one 2-thread event loop
 * group. Time = from every peer calling lookForLeader() (transports already listening) to the last
 * decision. Prints a table; asserts only that every run agreed on one leader.
 */
@EnabledIfSystemProperty(named = "ballot.bench.loopback", matches = "true")
class LoopbackElectionTimes {

    @Test
    void measure() {
        int runs = Integer.getInteger("ballot.bench.runs", 5);
        boolean allVoted = !"false".equals(System.getProperty("ballot.bench.decideWhenAllVoted"));
        String compare = System.getProperty("ballot.bench.compare"); // a boolean driver switch, off vs on
        if (compare != null) {
            compare(compare, runs, allVoted);
            return;
        }
        System.out.println("N  median_ms  min_ms  max_ms  jvm_threads  (decideWhenAllVoted=" + allVoted + ")");
        for (int n : sizes()) {
            List<Double> times = new ArrayList<>();
            int[] threads = {0};
            for (int r = 0; r < runs; r++) {
                times.add(once(n, allVoted, threads));
            }
            times.sort(Double::compare);
            System.out.println(String.format(Locale.ROOT, "%-2d %9.1f %7.1f %7.1f %12d", n, times.get(times.size() / 2),
                    times.get(0), times.get(times.size() - 1), threads[0]));
        }
    }

    /**
     * Side by side in one JVM: for each N, {@code runs} pairs of runs with the system property {@code property}
     * false and true (the order alternating), medians and their ratio.
     */
    private static void compare(String property, int runs, boolean allVoted) {
        System.out.println("N  " + property + "=false_ms  =true_ms  ratio  (medians of " + runs + ", decideWhenAllVoted="
                + allVoted + ")");
        int[] threads = {0};
        try {
            for (int n : sizes()) {
                List<Double> off = new ArrayList<>();
                List<Double> on = new ArrayList<>();
                for (int r = 0; r < runs; r++) {
                    for (boolean value : r % 2 == 0 ? new boolean[] {false, true} : new boolean[] {true, false}) {
                        System.setProperty(property, Boolean.toString(value));
                        (value ? on : off).add(once(n, allVoted, threads));
                    }
                }
                double a = median(off);
                double b = median(on);
                System.out.println(String.format(Locale.ROOT, "%-2d %12.1f %9.1f %6.2f", n, a, b, a / b));
            }
        } finally {
            System.clearProperty(property);
        }
    }

    private static int[] sizes() {
        String s = System.getProperty("ballot.bench.sizes", "3,5,9,25,51");
        return java.util.Arrays.stream(s.split(",")).mapToInt(x -> Integer.parseInt(x.strip())).toArray();
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    /** One cold election of {@code n} peers on one 2-thread group; milliseconds to the last decision. */
    private static double once(int n, boolean allVoted, int[] threads) {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        try (NettyEnsemble e = new NettyEnsemble(Quorums.majority(n), group, false)) {
            List<Election> elections = new ArrayList<>();
            for (long sid = 1; sid <= n; sid++) {
                elections.add(e.startWithoutLooking(sid, 1, Zxid.make(1, sid % 4),
                        ElectionConfig.builder().myId(sid).quorum(e.quorum()).decideWhenAllVoted(allVoted)));
            }
            long start = System.nanoTime();
            List<CompletableFuture<ElectionResult>> results = elections.stream().map(Election::lookForLeader).toList();
            Set<Long> leaders = new HashSet<>();
            for (CompletableFuture<ElectionResult> f : results) {
                leaders.add(f.orTimeout(60, TimeUnit.SECONDS).join().leader());
            }
            double ms = (System.nanoTime() - start) / 1e6;
            threads[0] = Math.max(threads[0], ManagementFactory.getThreadMXBean().getThreadCount());
            assertEquals(1, leaders.size(), "one leader for n=" + n + ": " + leaders);
            return ms;
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
