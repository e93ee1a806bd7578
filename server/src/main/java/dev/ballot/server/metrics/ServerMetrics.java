package dev.ballot.server.metrics;

import dev.ballot.leadership.PeerCounters;
import dev.ballot.leadership.PeerMetrics;
import dev.ballot.server.BallotVersion;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.core.metrics.Info;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.config.PrometheusProperties;
import io.prometheus.metrics.instrumentation.jvm.JvmBufferPoolMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmClassLoadingMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmCompilationMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmGarbageCollectorMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmMemoryMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmMemoryPoolAllocationMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmNativeMemoryMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmRuntimeInfoMetric;
import io.prometheus.metrics.instrumentation.jvm.JvmThreadsMetrics;
import io.prometheus.metrics.instrumentation.jvm.ProcessMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.ToLongFunction;

/**
 * The server's metrics, kept in a Prometheus Java client registry and written in the Prometheus text
 * format: elections and their durations, role, established epoch, time without an established leader,
 * the election transport's counters, the JVM's metrics and the build. Where ZooKeeper 3.9 exports the
 * same concept its name is used ({@code election_time}, {@code looking_count},
 * {@code unsuccessful_handshake}), so a ZooKeeper dashboard shows a Ballot peer; the rest are
 * {@code ballot_*}. Written on the peer's event loop, read by the admin server: thread-safe.
 */
public final class ServerMetrics implements PeerMetrics {
    /** Upper bounds of the election-time buckets, milliseconds (ZooKeeper's {@code election_time} is in ms). */
    static final double[] ELECTION_TIME_BOUNDS_MS = {50, 100, 250, 500, 1000, 2500, 5000, 10_000, 30_000, 60_000};
    private static final String[] ROLES = {"looking", "following", "leading", "observing"};

    /** Prometheus' global switch for exemplars, read once by the client library. */
    static final String EXEMPLARS_PROPERTY = "io.prometheus.metrics.exemplars_enabled";

    static {
        // The JVM metrics build their counters from the global properties, exemplars on by default; sampling one
        // (the allocation counters, at each GC) starts a scheduler thread, for exemplars that the text format
        // never shows. Off, unless the operator set it (also as the older camel-case key).
        if (System.getProperty(EXEMPLARS_PROPERTY) == null
                && System.getProperty("io.prometheus.metrics.exemplarsEnabled") == null) {
            System.setProperty(EXEMPLARS_PROPERTY, "false");
        }
    }

    private final LongSupplier ticker;
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
    /** The election layer's counters as of the scrape in progress (read by the callbacks). */
    private volatile PeerCounters ext = PeerCounters.ZERO;

    private final Histogram electionTime;
    private final Counter electionsDecided;
    private final Counter leaderChanges;
    private final Counter stepDowns;
    private final Counter diskFaults;
    private final Gauge fencingToken;
    private final Gauge diskWritableGauge;
    private final Gauge roleGauge;
    private final AtomicLong leaderlessSinceNanos;     // when the current leaderless stretch began, or Long.MIN_VALUE
    private final AtomicLong leaderlessTotalNanos = new AtomicLong(); // finished leaderless stretches
    private volatile boolean diskWritable = true;
    private boolean jvmMetricsRegistered; // guarded by this

    /** @param ticker nanosecond clock */
    public ServerMetrics(LongSupplier ticker) {
        this.ticker = ticker;
        this.leaderlessSinceNanos = new AtomicLong(ticker.getAsLong());
        electionTime = Histogram.builder().name("election_time")
                .help("Time from entering LOOKING to the decision, in milliseconds (as ZooKeeper's election_time).")
                .classicOnly().classicUpperBounds(ELECTION_TIME_BOUNDS_MS).withoutExemplars().register(registry);
        // no exemplars: the text format never shows them, and sampling them starts a scheduler thread
        electionsDecided = Counter.builder().name("ballot_elections").help("Elections decided.").withoutExemplars()
                .register(registry);
        leaderChanges = Counter.builder().name("ballot_leader_changes").help("Establishments under a new epoch.")
                .withoutExemplars().register(registry);
        stepDowns = Counter.builder().name("ballot_roles_abandoned")
                .help("Established or pending roles that ended (step-downs, lost leaders).").withoutExemplars()
                .register(registry);
        diskFaults = Counter.builder().name("ballot_disk_faults")
                .help("Times an epoch write failed and the peer left the election.").withoutExemplars()
                .register(registry);
        fencingToken = Gauge.builder().name("ballot_fencing_token")
                .help("The last established epoch (-1 before the first).").withoutExemplars().register(registry);
        fencingToken.set(-1);
        diskWritableGauge = Gauge.builder().name("ballot_disk_writable").help("1 while the epoch files can be written;"
                + " 0 while this peer has left the election because a write failed (see /health).").withoutExemplars()
                .register(registry);
        diskWritableGauge.set(1);
        roleGauge = Gauge.builder().name("ballot_role").help("The peer's current state (1 for the current one).")
                .labelNames("role").withoutExemplars().register(registry);
        role("LOOKING");
        CounterWithCallback.builder().name("ballot_time_without_leader_seconds")
                .help("Time spent without an established leader.")
                .callback(cb -> cb.call(secondsWithoutLeader())).register(registry);
        GaugeWithCallback.builder().name("ballot_leader_established")
                .help("1 while leading or following an established leader.")
                .callback(cb -> cb.call(leaderlessSinceNanos.get() == Long.MIN_VALUE ? 1 : 0)).register(registry);
        registerElectionLayer();
        Info.builder().name("ballot_build").help("The Ballot build this peer runs.").labelNames("version")
                .register(registry).setLabelValues(BallotVersion.get());
    }

    /** The election and transport counters, read from the snapshot of the scrape in progress. */
    private void registerElectionLayer() {
        counter("looking_count", "Entries into LOOKING, i.e. elections started (as ZooKeeper's looking_count).",
                PeerCounters::electionsStarted);
        counter("ballot_notifications_received", "Election notifications received.", PeerCounters::notificationsReceived);
        counter("ballot_notifications_sent", "Election notifications sent.", PeerCounters::notificationsSent);
        counter("ballot_transport_connections_opened", "Election connections opened.", PeerCounters::connectionsOpened);
        counter("ballot_transport_connections_closed", "Election connections closed.", PeerCounters::connectionsClosed);
        counter("ballot_transport_handshakes_accepted", "Election handshakes accepted.", PeerCounters::handshakesAccepted);
        CounterWithCallback.builder().name("unsuccessful_handshake")
                .help("Election handshakes refused, by reason (their sum is ZooKeeper's unsuccessful_handshake).")
                .labelNames("reason").callback(cb -> {
                    for (Map.Entry<String, Long> e : ext.handshakesRejected().entrySet()) {
                        cb.call(e.getValue(), e.getKey());
                    }
                }).register(registry);
        counter("ballot_transport_frames_received", "Election frames received.", PeerCounters::framesIn);
        counter("ballot_transport_frames_sent", "Election frames sent.", PeerCounters::framesOut);
        counter("ballot_transport_bytes_received", "Election bytes received.", PeerCounters::bytesIn);
        counter("ballot_transport_bytes_sent", "Election bytes sent.", PeerCounters::bytesOut);
        counter("ballot_transport_send_queue_drops", "Notifications replaced in a send slot before they went out.",
                PeerCounters::sendQueueDrops);
        counter("ballot_transport_reconnects", "Election reconnect attempts.", PeerCounters::reconnects);
        GaugeWithCallback.builder().name("ballot_transport_connected_peers").help("Peers with a live election connection.")
                .callback(cb -> cb.call(ext.connectedPeers())).register(registry);
    }

    private void counter(String name, String help, ToLongFunction<PeerCounters> value) {
        CounterWithCallback.builder().name(name).help(help).callback(cb -> cb.call(value.applyAsLong(ext)))
                .register(registry);
    }

    /** An election decided after {@code duration}. */
    @Override
    public void electionDecided(Duration duration) {
        electionsDecided.inc();
        electionTime.observe(duration.toNanos() / 1e6);
    }

    /** The peer's state changed (LOOKING, FOLLOWING, LEADING, OBSERVING). */
    @Override
    public void role(String state) {
        String current = state.toLowerCase(Locale.ROOT);
        for (String r : ROLES) {
            roleGauge.labelValues(r).set(r.equals(current) ? 1 : 0);
        }
    }

    /** The role is established under {@code epoch}: a leader is known. */
    @Override
    public void established(long epoch) {
        if ((long) fencingToken.get() != epoch) {
            leaderChanges.inc();
        }
        fencingToken.set(epoch);
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
        stepDowns.inc();
    }

    /** Whether the peer can persist its epochs (false from a failed write until a probe succeeds). */
    @Override
    public synchronized void diskWritable(boolean writable) {
        if (diskWritable && !writable) {
            diskFaults.inc();
        }
        diskWritable = writable;
        diskWritableGauge.set(writable ? 1 : 0);
    }

    /** Seconds without an established leader so far, the current stretch included. */
    public double secondsWithoutLeader() {
        long since = leaderlessSinceNanos.get();
        long open = since == Long.MIN_VALUE ? 0 : ticker.getAsLong() - since;
        return (leaderlessTotalNanos.get() + open) / 1e9;
    }

    /**
     * What {@code JvmMetrics.builder().register(registry)} registers, in its order, but the native-memory
     * collector only when the JVM tracks native memory ({@code -XX:NativeMemoryTracking}): without tracking it
     * registers nothing, yet finding that out starts JMX's platform MBean server (~300 classes, 2–3 MiB).
     */
    static void registerJvmMetrics(PrometheusRegistry registry, List<String> jvmArguments) {
        PrometheusProperties config = PrometheusProperties.get();
        JvmThreadsMetrics.builder(config).register(registry);
        JvmBufferPoolMetrics.builder(config).register(registry);
        JvmClassLoadingMetrics.builder(config).register(registry);
        JvmCompilationMetrics.builder(config).register(registry);
        JvmGarbageCollectorMetrics.builder(config).register(registry);
        JvmMemoryPoolAllocationMetrics.builder(config).register(registry);
        JvmMemoryMetrics.builder(config).register(registry);
        if (tracksNativeMemory(jvmArguments)) {
            JvmNativeMemoryMetrics.builder(config).register(registry);
        }
        JvmRuntimeInfoMetric.builder(config).register(registry);
        ProcessMetrics.builder(config).register(registry);
    }

    /** Whether these JVM arguments turn native memory tracking on (the last {@code -XX:NativeMemoryTracking=} wins). */
    static boolean tracksNativeMemory(List<String> jvmArguments) {
        String mode = "off";
        for (String a : jvmArguments) {
            if (a.startsWith("-XX:NativeMemoryTracking=")) {
                mode = a.substring("-XX:NativeMemoryTracking=".length());
            }
        }
        return !"off".equals(mode);
    }

    /** The whole exposition (Prometheus text format 0.0.4): these metrics with the election layer's {@code counters}. */
    public synchronized String render(PeerCounters counters) {
        if (!jvmMetricsRegistered) {
            // at the first scrape rather than at start: they load JMX (~300 classes) that a peer nobody scrapes never needs
            registerJvmMetrics(registry, ManagementFactory.getRuntimeMXBean().getInputArguments());
            jvmMetricsRegistered = true;
        }
        ext = counters;
        ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
        try {
            writer.write(out, registry.scrape());
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not throw
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
