package dev.ballot.server.admin;

import dev.ballot.leadership.PeerStatus;
import dev.ballot.leadership.Leadership;
import dev.ballot.server.metrics.ServerMetrics;

import java.util.concurrent.CompletableFuture;

/** What the admin server shows of a running {@link Leadership}: its status, and its metrics rendered. Thread-safe. */
public final class PeerAdmin implements AdminSource {
    private final Leadership peer;
    private final ServerMetrics metrics;

    public PeerAdmin(Leadership peer, ServerMetrics metrics) {
        this.peer = peer;
        this.metrics = metrics;
    }

    @Override
    public CompletableFuture<PeerStatus> status() {
        return peer.status().toCompletableFuture();
    }

    @Override
    public CompletableFuture<String> metrics() {
        return peer.counters().toCompletableFuture().thenApply(metrics::render);
    }
}
