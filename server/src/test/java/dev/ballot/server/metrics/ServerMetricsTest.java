package dev.ballot.server.metrics;

import dev.ballot.leadership.PeerCounters;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ServerMetricsTest {
    private static final PeerCounters EXT = new PeerCounters(3, 40, 41, 5, 2, 4, Map.of("unknown sid", 2L),
            100, 101, 1000, 1001, 7, 1, 2);

    @Test
    void histogramBuckets_areCumulative_withSumAndCount() {
        ServerMetrics m = new ServerMetrics(() -> 0);
        m.electionDecided(Duration.ofMillis(40));
        m.electionDecided(Duration.ofMillis(300));
        m.electionDecided(Duration.ofSeconds(100));
        String text = m.render(EXT);
        assertTrue(text.contains("ballot_election_duration_seconds_bucket{le=\"0.05\"} 1\n"), text);
        assertTrue(text.contains("ballot_election_duration_seconds_bucket{le=\"0.25\"} 1\n"), text);
        assertTrue(text.contains("ballot_election_duration_seconds_bucket{le=\"0.5\"} 2\n"), text);
        assertTrue(text.contains("ballot_election_duration_seconds_bucket{le=\"60\"} 2\n"), text);
        assertTrue(text.contains("ballot_election_duration_seconds_bucket{le=\"+Inf\"} 3\n"), text);
        assertTrue(text.contains("ballot_election_duration_seconds_count 3\n"), text);
        assertTrue(text.contains("ballot_election_duration_seconds_sum 100.34\n"), text);
        assertTrue(text.contains("ballot_elections_total 3\n"), text);
    }

    @Test
    void diskWritable_isAGauge_andEachFaultIsCountedOnce() {
        ServerMetrics m = new ServerMetrics(() -> 0);
        assertTrue(m.render(EXT).contains("ballot_disk_writable 1\n"));
        m.diskWritable(false);
        m.diskWritable(false);
        String text = m.render(EXT);
        assertTrue(text.contains("ballot_disk_writable 0\n"), text);
        assertTrue(text.contains("ballot_disk_faults_total 1\n"), text);
        m.diskWritable(true);
        assertTrue(m.render(EXT).contains("ballot_disk_writable 1\n"));
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
        assertTrue(text.contains("ballot_fencing_token 2\n"), text);
        assertTrue(text.contains("ballot_leader_changes_total 2\n"), text);
        assertTrue(text.contains("ballot_leader_established 1\n"), text);
    }

    @Test
    void roleGauge_andTransportCounters() {
        ServerMetrics m = new ServerMetrics(() -> 0);
        m.role("LEADING");
        String text = m.render(EXT);
        assertTrue(text.contains("# TYPE ballot_role gauge\nballot_role{role=\"looking\"} 0\nballot_role{role=\"following\"} 0\n"
                + "ballot_role{role=\"leading\"} 1\nballot_role{role=\"observing\"} 0\n"), text);
        assertTrue(text.contains("ballot_transport_handshakes_rejected_total{reason=\"unknown sid\"} 2\n"), text);
        assertTrue(text.contains("ballot_notifications_received_total 40\n"), text);
        assertTrue(text.contains("ballot_transport_send_queue_drops_total 7\n"), text);
    }
}
