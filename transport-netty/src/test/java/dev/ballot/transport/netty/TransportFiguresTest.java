package dev.ballot.transport.netty;

import dev.ballot.core.transport.Transport;
import dev.ballot.transport.netty.testing.Await;
import dev.ballot.transport.netty.testing.LoopbackMesh;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Prints the figures of the transport README section; opt-in, never asserts a speed:
 * {@code mvn -B -ntp -pl transport-netty -am verify -Dtest=TransportFiguresTest -Dsurefire.failIfNoSpecifiedTests=false -Dballot.figures=true}.
 */
@EnabledIfSystemProperty(named = "ballot.figures", matches = "true")
class TransportFiguresTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static io.netty.util.ResourceLeakDetector.Level leakLevel;

    /** Figures are taken without leak tracking (the test JVM runs paranoid, which records a stack per buffer). */
    @org.junit.jupiter.api.BeforeAll
    static void noLeakTracking() {
        leakLevel = io.netty.util.ResourceLeakDetector.getLevel();
        io.netty.util.ResourceLeakDetector.setLevel(io.netty.util.ResourceLeakDetector.Level.DISABLED);
    }

    @org.junit.jupiter.api.AfterAll
    static void restoreLeakTracking() {
        io.netty.util.ResourceLeakDetector.setLevel(leakLevel);
    }

    @Test
    void threadsPerPeerInFiveAndTwentyFivePeerMeshes() {
        for (int n : new int[] {5, 25}) {
            try (LoopbackMesh mesh = LoopbackMesh.start(n)) {
                mesh.transports().values().forEach(NettyQuorumTransport::connectAll);
                Await.until(WAIT, () -> mesh.transports().values().stream().allMatch(t -> t.connectedPeers().size() == n - 1),
                        () -> "full mesh of " + n);
                long peerThreads = Thread.getAllStackTraces().keySet().stream()
                        .filter(t -> t.getName().startsWith("ballot-transport-1-") || t.getName().equals("ballot-resolver-1"))
                        .count();
                int jvm = Thread.activeCount();
                System.out.printf("[figure] %d-peer loopback mesh: peer 1 runs %d threads (%d connections); all %d peers: %d JVM threads%n",
                        n, peerThreads, mesh.transport(1).openConnections(), n, jvm);
                assertEquals(n - 1, mesh.transport(1).openConnections());
            }
        }
    }

    @Test
    void throughputAndOneWayLatencyBetweenTwoPeers() {
        for (int size : new int[] {64, 4096}) {
            try (LoopbackMesh mesh = LoopbackMesh.start(2, (sid, b) -> b.sendQueueCapacity(4096))) {
                Probe probe = new Probe();
                NettyQuorumTransport sender = mesh.transport(2);
                NettyQuorumTransport receiver = mesh.restart(1, probe);
                sender.send(1, payload(size, 0));
                Await.until(WAIT, () -> probe.received.get() >= 1, () -> "first frame");
                latency(sender, probe, size, 2000); // warm-up
                long[] micros = latency(sender, probe, size, 20_000);
                double[] rates = new double[3];
                for (int r = 0; r < rates.length; r++) {
                    rates[r] = throughput(sender, probe, size, 100_000);
                }
                Arrays.sort(rates);
                System.out.printf("[figure] 2 peers, %d-byte frames: %.0f frames/s (median of 3 runs of 100,000; best %.0f);"
                        + " one-way latency p50=%d us p99=%d us (%d samples, one in flight)%n",
                        size, rates[1], rates[2], micros[micros.length / 2], micros[micros.length * 99 / 100], micros.length);
                assertTrue(receiver.metrics().framesIn() > 0);
            }
        }
    }

    /** Sends one frame at a time, each after the previous arrived; returns sorted one-way latencies. */
    private static long[] latency(NettyQuorumTransport sender, Probe probe, int size, int samples) {
        long[] micros = new long[samples];
        for (int i = 0; i < samples; i++) {
            CompletableFuture<Long> next = new CompletableFuture<>();
            probe.next.set(next);
            sender.send(1, payload(size, System.nanoTime()));
            micros[i] = next.orTimeout(WAIT.toMillis(), TimeUnit.MILLISECONDS).join() / 1000;
        }
        Arrays.sort(micros);
        return micros;
    }

    /** Streams {@code frames} frames with at most 2,000 in flight (no queue drops); frames per second. */
    private static double throughput(NettyQuorumTransport sender, Probe probe, int size, int frames) {
        long base = probe.received.get();
        long start = System.nanoTime();
        for (int i = 0; i < frames; i++) {
            while (i - (probe.received.get() - base) >= 2000) {
                java.util.concurrent.locks.LockSupport.parkNanos(50_000); // leave the cores to the event loops
            }
            sender.send(1, payload(size, 0));
        }
        Await.until(WAIT, () -> probe.received.get() - base >= frames, () -> "received " + (probe.received.get() - base));
        assertEquals(0, sender.metrics().sendQueueDrops());
        return frames / ((System.nanoTime() - start) / 1e9);
    }

    private static ByteBuffer payload(int size, long stamp) {
        ByteBuffer b = ByteBuffer.allocate(size);
        b.putLong(0, stamp);
        return b;
    }

    /** Counts frames and completes the pending latency sample. */
    static final class Probe implements Transport.Listener {
        final AtomicLong received = new AtomicLong();
        final AtomicReference<CompletableFuture<Long>> next = new AtomicReference<>();

        @Override
        public void onMessage(long sid, ByteBuffer payload) {
            long stamp = payload.getLong(0);
            received.incrementAndGet();
            CompletableFuture<Long> f = next.getAndSet(null);
            if (f != null && stamp != 0) {
                f.complete(System.nanoTime() - stamp);
            }
        }

        @Override public void onPeerUp(long sid) { }
        @Override public void onPeerDown(long sid, String reason) { }
    }
}
