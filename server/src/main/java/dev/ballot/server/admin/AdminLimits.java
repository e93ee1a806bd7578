package dev.ballot.server.admin;

import java.time.Duration;
import java.util.Objects;

/**
 * How much the admin HTTP server lets one client hold. Immutable.
 *
 * @param idleTimeout     a keep-alive connection with no request in progress is closed after this long
 * @param requestTimeout  a request's headers (and body, if any) must arrive within this long of its first byte,
 *                        and a new connection's first request within this long of connecting (slowloris)
 * @param maxConnections  connections open at once, {@code /watch} streams included; more are refused and closed
 * @param maxRequestBytes the longest request line, header block and body each may be
 * @param maxWatchers     {@code /watch} streams open at once; more are answered 503
 * @param heartbeat       how often a {@code /watch} stream gets a comment line when nothing changes
 */
public record AdminLimits(Duration idleTimeout, Duration requestTimeout, int maxConnections, int maxRequestBytes,
                          int maxWatchers, Duration heartbeat) {

    /** 30 s idle (ZooKeeper's {@code admin.idleTimeout}), 10 s per request, 128 connections, 8 KiB, 32 watchers, 15 s. */
    public static final AdminLimits DEFAULTS = new AdminLimits(
            dev.ballot.core.config.AdminHttpSettings.DEFAULTS.idleTimeout(),
            dev.ballot.core.config.AdminHttpSettings.DEFAULTS.requestTimeout(),
            dev.ballot.core.config.AdminHttpSettings.DEFAULTS.maxConnections(), 8192,
            dev.ballot.core.config.AdminHttpSettings.DEFAULTS.maxWatchers(),
            dev.ballot.core.config.AdminHttpSettings.DEFAULTS.watchHeartbeat());

    public AdminLimits {
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        Objects.requireNonNull(heartbeat, "heartbeat");
        if (idleTimeout.isNegative() || idleTimeout.isZero() || requestTimeout.isNegative() || requestTimeout.isZero()
                || heartbeat.isNegative() || heartbeat.isZero()) {
            throw new IllegalArgumentException("admin timeouts must be positive: " + idleTimeout + ", " + requestTimeout
                    + ", " + heartbeat);
        }
        if (maxConnections < 1 || maxRequestBytes < 256 || maxWatchers < 0) {
            throw new IllegalArgumentException("admin limits out of range: maxConnections " + maxConnections
                    + " (>= 1), maxRequestBytes " + maxRequestBytes + " (>= 256), maxWatchers " + maxWatchers + " (>= 0)");
        }
    }

    /** The limits of {@code ballot.admin.*} in zoo.cfg; request size stays at the default. */
    public static AdminLimits from(dev.ballot.core.config.AdminHttpSettings s) {
        return new AdminLimits(s.idleTimeout(), s.requestTimeout(), s.maxConnections(), DEFAULTS.maxRequestBytes(),
                s.maxWatchers(), s.watchHeartbeat());
    }

    public AdminLimits withIdleTimeout(Duration v) {
        return new AdminLimits(v, requestTimeout, maxConnections, maxRequestBytes, maxWatchers, heartbeat);
    }

    public AdminLimits withRequestTimeout(Duration v) {
        return new AdminLimits(idleTimeout, v, maxConnections, maxRequestBytes, maxWatchers, heartbeat);
    }

    public AdminLimits withMaxConnections(int v) {
        return new AdminLimits(idleTimeout, requestTimeout, v, maxRequestBytes, maxWatchers, heartbeat);
    }

    public AdminLimits withMaxWatchers(int v) {
        return new AdminLimits(idleTimeout, requestTimeout, maxConnections, maxRequestBytes, v, heartbeat);
    }

    public AdminLimits withHeartbeat(Duration v) {
        return new AdminLimits(idleTimeout, requestTimeout, maxConnections, maxRequestBytes, maxWatchers, v);
    }
}
