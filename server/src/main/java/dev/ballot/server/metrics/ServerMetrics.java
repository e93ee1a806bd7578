package dev.ballot.server.metrics;

import dev.ballot.leadership.PeerCounters;
import dev.ballot.leadership.PeerMetrics;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * The server's own metrics: elections decided and their durations, role, established epoch, time
 * without an established leader. Written on the peer's event loop, read by the admin server:
 * thread-safe.
 */
public final class ServerMetrics implements PeerMetrics {
    private static final String[] ROLES = {"looking", "following", "leading", "observing"};

    private final LongSupplier ticker;
    private final DurationHistogram electionDuration = new DurationHistogram(DurationHistogram.ELECTION_BOUNDS);
    private final LongAdder electionsDecided = new LongAdder();
    private final LongAdder leaderChanges = new LongAdder();
    private final LongAdder stepDowns = new LongAdder();
    private final AtomicReference<String> role = new AtomicReference<>("looking");
    private final AtomicLong fencingToken = new AtomicLong(-1);
    private final AtomicLong leaderlessSinceNanos;     // when the current leaderless stretch began, or Long.MIN_VALUE
    private final AtomicLong leaderlessTotalNanos = new AtomicLong(); // finished leaderless stretches
    private final java.util.concurrent.atomic.AtomicBoolean diskWritable = new java.util.concurrent.atomic.AtomicBoolean(true);
    private final LongAdder diskFaults = new LongAdder();

    /** @param ticker nanosecond clock */
    public ServerMetrics(LongSupplier ticker) {
        this.ticker = ticker;
        this.leaderlessSinceNanos = new AtomicLong(ticker.getAsLong());
    }

    /** An election decided after {@code duration}. */
    @Override
    public void electionDecided(Duration duration) {
        electionsDecided.increment();
        electionDuration.record(duration);
    }

    /** The peer's state changed (LOOKING, FOLLOWING, LEADING, OBSERVING). */
    @Override
    public void role(String state) {
        role.set(state.toLowerCase(Locale.ROOT));
    }

    /** The role is established under {@code epoch}: a leader is known. */
    @Override
    public void established(long epoch) {
        if (fencingToken.getAndSet(epoch) != epoch) {
            leaderChanges.increment();
        }
        long since = leaderlessSinceNanos.getAndSet(Long.MIN_VALUE);
        if (since != Long.MIN_VALUE) {
            leaderlessTotalNanos.addAndGet(ticker.getAsLong() - since);
        }
    }

    /** The established role ended (or an attempt failed): no leader until the next establishment. */
    @Override
    public void leaderless() {
        leaderlessSinceNanos.compareAndSet(Long.MIN_VALUE, ticker.getAsLong());
    }

    /** A leader stepped down or a learner gave up its leader. */
    @Override
    public void abandoned() {
        stepDowns.increment();
    }

    /** Whether the peer can persist its epochs (false from a failed write until a probe succeeds). */
    @Override
    public void diskWritable(boolean writable) {
        if (diskWritable.getAndSet(writable) && !writable) {
            diskFaults.increment();
        }
    }

    /** Seconds without an established leader so far, the current stretch included. */
    public double secondsWithoutLeader() {
        long since = leaderlessSinceNanos.get();
        long open = since == Long.MIN_VALUE ? 0 : ticker.getAsLong() - since;
        return (leaderlessTotalNanos.get() + open) / 1e9;
    }

    /** The whole exposition: these metrics plus {@code ext}. */
    public String render(PeerCounters ext) {
        PrometheusWriter w = new PrometheusWriter();
        w.metric("ballot_elections_started_total", "Elections started (entries into LOOKING).", "counter", ext.electionsStarted());
        w.metric("ballot_elections_total", "Elections decided.", "counter", electionsDecided.sum());
        electionDuration.writeTo(w, "ballot_election_duration_seconds", "Time from entering LOOKING to the decision.");
        w.metric("ballot_time_without_leader_seconds_total", "Time spent without an established leader.", "counter",
                secondsWithoutLeader());
        w.metric("ballot_leader_established", "1 while leading or following an established leader.", "gauge",
                leaderlessSinceNanos.get() == Long.MIN_VALUE ? 1 : 0);
        w.metric("ballot_fencing_token", "The last established epoch (-1 before the first).", "gauge", fencingToken.get());
        w.metric("ballot_leader_changes_total", "Establishments under a new epoch.", "counter", leaderChanges.sum());
        w.metric("ballot_roles_abandoned_total", "Established or pending roles that ended (step-downs, lost leaders).",
                "counter", stepDowns.sum());
        w.metric("ballot_disk_writable", "1 while the epoch files can be written; 0 while this peer has left the "
                + "election because a write failed (see /health).", "gauge", diskWritable.get() ? 1 : 0);
        w.metric("ballot_disk_faults_total", "Times an epoch write failed and the peer left the election.", "counter",
                diskFaults.sum());
        w.header("ballot_role", "The peer's current state (1 for the current one).", "gauge");
        String current = role.get();
        for (String r : ROLES) {
            w.sample("ballot_role", "role", r, r.equals(current) ? 1 : 0);
        }
        w.metric("ballot_notifications_received_total", "Election notifications received.", "counter", ext.notificationsReceived());
        w.metric("ballot_notifications_sent_total", "Election notifications sent.", "counter", ext.notificationsSent());
        writeTransport(w, ext);
        return w.toString();
    }

    private static void writeTransport(PrometheusWriter w, PeerCounters ext) {
        w.metric("ballot_transport_connections_opened_total", "Election connections opened.", "counter", ext.connectionsOpened());
        w.metric("ballot_transport_connections_closed_total", "Election connections closed.", "counter", ext.connectionsClosed());
        w.metric("ballot_transport_connected_peers", "Peers with a live election connection.", "gauge", ext.connectedPeers());
        w.metric("ballot_transport_handshakes_accepted_total", "Handshakes accepted.", "counter", ext.handshakesAccepted());
        w.header("ballot_transport_handshakes_rejected_total", "Handshakes rejected, by reason.", "counter");
        for (Map.Entry<String, Long> e : new TreeMap<>(ext.handshakesRejected()).entrySet()) {
            w.sample("ballot_transport_handshakes_rejected_total", "reason", e.getKey(), e.getValue());
        }
        w.metric("ballot_transport_frames_received_total", "Frames received.", "counter", ext.framesIn());
        w.metric("ballot_transport_frames_sent_total", "Frames sent.", "counter", ext.framesOut());
        w.metric("ballot_transport_bytes_received_total", "Bytes received.", "counter", ext.bytesIn());
        w.metric("ballot_transport_bytes_sent_total", "Bytes sent.", "counter", ext.bytesOut());
        w.metric("ballot_transport_send_queue_drops_total", "Messages dropped from full send queues.", "counter",
                ext.sendQueueDrops());
        w.metric("ballot_transport_reconnects_total", "Reconnect attempts.", "counter", ext.reconnects());
    }
}
