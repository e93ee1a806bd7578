package dev.ballot.transport.netty.testing;

import dev.ballot.transport.netty.NettyQuorumTransport;
import dev.ballot.transport.netty.TransportConfig;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;

/**
 * {@code n} transports with sids 1..n on 127.0.0.1 with OS-chosen ports, each with a {@link
 * RecordingListener}. {@link #close()} stops every transport it started.
 */
public final class LoopbackMesh implements AutoCloseable {
    private final Map<Long, Integer> ports = new LinkedHashMap<>();
    private final Map<Long, NettyQuorumTransport> transports = new LinkedHashMap<>();
    private final Map<Long, RecordingListener> listeners = new LinkedHashMap<>();
    private final BiConsumer<Long, TransportConfig.Builder> tweak;

    private LoopbackMesh(int n, BiConsumer<Long, TransportConfig.Builder> tweak) {
        this.tweak = tweak;
        List<Integer> p = LoopbackPorts.reserve(n);
        for (int i = 0; i < n; i++) {
            ports.put((long) i + 1, p.get(i));
        }
    }

    /** Builds and starts all peers at once; returns when every one is listening. */
    public static LoopbackMesh start(int n, BiConsumer<Long, TransportConfig.Builder> tweak) {
        LoopbackMesh mesh = new LoopbackMesh(n, tweak);
        List<CompletableFuture<Void>> started = new ArrayList<>();
        for (long sid : mesh.ports.keySet()) {
            started.add(mesh.startPeer(sid));
        }
        CompletableFuture.allOf(started.toArray(CompletableFuture[]::new)).join();
        return mesh;
    }

    public static LoopbackMesh start(int n) {
        return start(n, (sid, b) -> { });
    }

    /** The configuration of {@code sid} in this mesh (before the tweak). */
    public TransportConfig.Builder configOf(long sid) {
        TransportConfig.Builder b = TransportConfig.builder().myId(sid);
        ports.forEach((s, port) -> b.peer(s, "127.0.0.1", port));
        tweak.accept(sid, b);
        return b;
    }

    /** Starts (or restarts, after {@link #stop}) peer {@code sid} with a fresh listener. */
    public CompletableFuture<Void> startPeer(long sid) {
        NettyQuorumTransport t = NettyQuorumTransport.builder().config(configOf(sid).build()).build();
        RecordingListener l = new RecordingListener();
        transports.put(sid, t);
        listeners.put(sid, l);
        return t.start(l).toCompletableFuture();
    }

    /** Replaces peer {@code sid} by a fresh transport delivering to {@code listener}; waits until it listens. */
    public NettyQuorumTransport restart(long sid, dev.ballot.core.transport.Transport.Listener listener) {
        stop(sid);
        NettyQuorumTransport t = NettyQuorumTransport.builder().config(configOf(sid).build()).build();
        transports.put(sid, t);
        t.start(listener).toCompletableFuture().join();
        return t;
    }

    /** Stops peer {@code sid} and waits until it is closed. */
    public void stop(long sid) {
        NettyQuorumTransport t = transports.remove(sid);
        if (t != null) {
            t.close();
        }
    }

    public NettyQuorumTransport transport(long sid) {
        return transports.get(sid);
    }

    public RecordingListener listener(long sid) {
        return listeners.get(sid);
    }

    public int port(long sid) {
        return ports.get(sid);
    }

    public Map<Long, NettyQuorumTransport> transports() {
        return Map.copyOf(transports);
    }

    @Override
    public void close() {
        List<CompletableFuture<Void>> closing = new ArrayList<>();
        transports.values().forEach(t -> closing.add(t.closeAsync().toCompletableFuture()));
        CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new)).join();
        transports.clear();
    }
}
