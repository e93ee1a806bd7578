package dev.ballot.server.metrics;

import dev.ballot.leadership.PeerCounters;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ServerMetricsTest {
    private static final PeerCounters EXT = new PeerCounters(3, 40, 41, 5, 2, 4, Map.of("unknown-sid", 2L),
            100, 101, 1000, 1001, 7, 1, 2);

    @Test
    void electionTime_isAClassicHistogramInMilliseconds_asZooKeepers() {
        ServerMetrics m = new ServerMetrics(() -> 0);
        m.electionDecided(Duration.ofMillis(40));
        m.electionDecided(Duration.ofMillis(300));
        m.electionDecided(Duration.ofSeconds(100));
        String text = m.render(EXT);
        assertTrue(text.contains("# TYPE election_time histogram\n"), text);
        assertTrue(text.contains("election_time_bucket{le=\"50.0\"} 1\n"), text);
        assertTrue(text.contains("election_time_bucket{le=\"250.0\"} 1\n"), text);
        assertTrue(text.contains("election_time_bucket{le=\"500.0\"} 2\n"), text);
        assertTrue(text.contains("election_time_bucket{le=\"60000.0\"} 2\n"), text);
        assertTrue(text.contains("election_time_bucket{le=\"+Inf\"} 3\n"), text);
        assertTrue(text.contains("election_time_count 3\n"), text);
        assertTrue(text.contains("election_time_sum 100340.0\n"), text);
        assertTrue(text.contains("ballot_elections_total 3.0\n"), text);
    }

    @Test
    void diskWritable_isAGauge_andEachFaultIsCountedOnce() {
        ServerMetrics m = new ServerMetrics(() -> 0);
        assertTrue(m.render(EXT).contains("ballot_disk_writable 1.0\n"));
        m.diskWritable(false);
        m.diskWritable(false);
        String text = m.render(EXT);
        assertTrue(text.contains("ballot_disk_writable 0.0\n"), text);
        assertTrue(text.contains("ballot_disk_faults_total 1.0\n"), text);
        m.diskWritable(true);
        assertTrue(m.render(EXT).contains("ballot_disk_writable 1.0\n"));
    }

    @Test
    void timeWithoutLeader_countsOnlyLeaderlessStretches() {
        AtomicLong now = new AtomicLong(0);
        ServerMetrics m = new ServerMetrics(now::get);
        now.set(2_000_000_000L);
        m.established(1);
        now.set(10_000_000_000L);
        assertEquals(2.0, m.secondsWithoutLeader(), 1e-9);
        m.leaderless();
        now.set(10_500_000_000L);
        assertEquals(2.5, m.secondsWithoutLeader(), 1e-9);
        m.established(2);
        now.set(20_000_000_000L);
        String text = m.render(EXT);
        assertTrue(text.contains("ballot_time_without_leader_seconds_total 2.5\n"), text);
        assertTrue(text.contains("ballot_fencing_token 2.0\n"), text);
        assertTrue(text.contains("ballot_leader_changes_total 2.0\n"), text);
        assertTrue(text.contains("ballot_leader_established 1.0\n"), text);
    }

    @Test
    void roleGauge_zooKeeperNames_andTransportCounters() {
        ServerMetrics m = new ServerMetrics(() -> 0);
        m.role("LEADING");
        String text = m.render(EXT);
        assertTrue(text.contains("# TYPE ballot_role gauge\nballot_role{role=\"following\"} 0.0\n"
                + "ballot_role{role=\"leading\"} 1.0\nballot_role{role=\"looking\"} 0.0\n"
                + "ballot_role{role=\"observing\"} 0.0\n"), text);
        assertTrue(text.contains("# TYPE looking_count_total counter\nlooking_count_total 3.0\n"), text);
        assertTrue(text.contains("unsuccessful_handshake_total{reason=\"unknown-sid\"} 2.0\n"), text);
        assertTrue(text.contains("ballot_notifications_received_total 40.0\n"), text);
        assertTrue(text.contains("ballot_transport_send_queue_drops_total 7.0\n"), text);
    }

    @Test
    void jvmAndBuildInfo_areExposed() {
        String text = new ServerMetrics(() -> 0).render(EXT);
        assertTrue(text.contains("# TYPE ballot_build_info gauge\nballot_build_info{version=\""), text);
        assertTrue(text.contains("\njvm_memory_used_bytes{area=\"heap\"} "), text);
        assertTrue(text.contains("\njvm_threads_current "), text);
        assertTrue(text.contains("\nprocess_cpu_seconds_total ") || text.contains("\njvm_runtime_info{"), text);
    }

    @Test
    void noSchedulerThread_andTheJvmMetricsComeLastFromTheFirstScrape() {
        ServerMetrics m = new ServerMetrics(System::nanoTime);
        m.electionDecided(Duration.ofMillis(40));
        m.role("LEADING");
        m.established(3);
        String first = m.render(EXT);
        assertTrue(Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.getName().startsWith("prometheus-")),
                "exemplar sampling (a scheduler thread) is off");
        int build = first.indexOf("# TYPE ballot_build_info");
        int jvm = first.indexOf("# TYPE jvm_");
        assertTrue(build > 0 && jvm > build, "JVM metrics after Ballot's, as when registered at start:\n" + first);
        assertEquals(typeLines(first), typeLines(m.render(EXT)), "the same families on every scrape");
    }

    /** The JVM metrics count allocations from GC notifications; sampling exemplars there would start the scheduler. */
    @Test
    void aGcAfterTheFirstScrape_startsNoSchedulerThread() throws Exception {
        new ServerMetrics(System::nanoTime).render(EXT); // registers the JVM metrics and their GC listener
        java.util.concurrent.CountDownLatch gcSeen = new java.util.concurrent.CountDownLatch(1);
        javax.management.NotificationListener latch = (n, handback) -> gcSeen.countDown();
        java.util.List<javax.management.NotificationEmitter> emitters = java.lang.management.ManagementFactory
                .getGarbageCollectorMXBeans().stream().map(javax.management.NotificationEmitter.class::cast).toList();
        emitters.forEach(e -> e.addNotificationListener(latch, null, null)); // called after the metrics' listener
        try {
            System.gc();
            assertTrue(gcSeen.await(30, TimeUnit.SECONDS), "no GC notification");
        } finally {
            for (javax.management.NotificationEmitter e : emitters) {
                e.removeNotificationListener(latch);
            }
        }
        assertTrue(Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.getName().startsWith("prometheus-")),
                "exemplar sampling (a scheduler thread) is off for the JVM metrics too");
    }

    @Test
    void jvmFamilies_areThoseOfPrometheusJvmMetrics() throws IOException {
        PrometheusRegistry reference = new PrometheusRegistry();
        JvmMetrics.builder().register(reference);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(out, reference.scrape());
        java.util.List<String> expected = typeLines(out.toString(StandardCharsets.UTF_8));
        java.util.List<String> ours = typeLines(new ServerMetrics(() -> 0).render(EXT)).stream()
                .filter(expected::contains).toList();
        assertEquals(expected, ours, "the same JVM and process families, in the same order");
        assertTrue(expected.size() > 10, expected.toString());
    }

    @Test
    void nativeMemoryTracking_isReadFromTheJvmArguments() {
        assertFalse(ServerMetrics.tracksNativeMemory(java.util.List.of("-Xmx64m")));
        assertFalse(ServerMetrics.tracksNativeMemory(java.util.List.of("-XX:NativeMemoryTracking=off")));
        assertTrue(ServerMetrics.tracksNativeMemory(java.util.List.of("-XX:NativeMemoryTracking=summary")));
        assertFalse(ServerMetrics.tracksNativeMemory(java.util.List.of("-XX:NativeMemoryTracking=detail",
                "-XX:NativeMemoryTracking=off")), "the last one wins");
    }

    private static java.util.List<String> typeLines(String text) {
        return text.lines().filter(l -> l.startsWith("# TYPE ")).toList();
    }

    /** {@code promtool check metrics} (Debian package {@code prometheus}) finds nothing to lint. */
    @Test
    void promtoolCheckMetrics_isClean(@TempDir Path dir) throws IOException, InterruptedException {
        Path promtool = Path.of("/usr/bin/promtool");
        Assumptions.assumeTrue(Files.isExecutable(promtool),
                "promtool not installed (apt-get install prometheus); the exposition is not linted");
        ServerMetrics m = new ServerMetrics(System::nanoTime);
        m.role("FOLLOWING");
        m.electionDecided(Duration.ofMillis(120));
        m.established(1);
        Path in = Files.writeString(dir.resolve("metrics.txt"), m.render(EXT), StandardCharsets.UTF_8);
        Path out = dir.resolve("promtool.out");
        Process p = new ProcessBuilder(promtool.toString(), "check", "metrics").redirectInput(in.toFile())
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "promtool did not finish");
        String report = Files.readString(out, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), report);
        assertEquals("", report.strip(), report);
    }
}
