package dev.ballot.core.config;

import java.time.Duration;
import java.util.Objects;

/**
 * The admin HTTP server's bounds on what one client may hold, from the {@code ballot.admin.*} keys.
 * Immutable.
 *
 * @param idleTimeout    {@code ballot.admin.idleTimeout} (ms): an idle keep-alive connection is closed after it
 * @param requestTimeout {@code ballot.admin.requestTimeout} (ms): a request must arrive whole within it of its first byte
 * @param maxConnections {@code ballot.admin.maxConnections}: open connections at once; more are refused
 * @param maxWatchers    {@code ballot.admin.maxWatchers}: {@code /watch} streams at once; more get 503
 * @param watchHeartbeat {@code ballot.admin.watchHeartbeat} (ms): a comment line on a quiet {@code /watch} stream
 */
public record AdminHttpSettings(Duration idleTimeout, Duration requestTimeout, int maxConnections, int maxWatchers,
                                Duration watchHeartbeat) {

    /** 30 s (ZooKeeper's {@code admin.idleTimeout} default), 10 s, 128, 32, 15 s. */
    public static final AdminHttpSettings DEFAULTS = new AdminHttpSettings(Duration.ofSeconds(30), Duration.ofSeconds(10),
            128, 32, Duration.ofSeconds(15));

    public AdminHttpSettings {
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        Objects.requireNonNull(watchHeartbeat, "watchHeartbeat");
    }
}
