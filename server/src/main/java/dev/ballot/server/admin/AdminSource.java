package dev.ballot.server.admin;

import dev.ballot.leadership.PeerStatus;

import java.util.concurrent.CompletableFuture;

/**
 * What the admin HTTP server shows. Implementations are thread-safe; futures may complete on any
 * thread and must not block the caller.
 */
public interface AdminSource {

    /** A snapshot for {@code /status} and {@code /health}. */
    CompletableFuture<PeerStatus> status();

    /** The Prometheus text exposition for {@code /metrics}. */
    CompletableFuture<String> metrics();
}
