package dev.ballot.server.admin;

import java.util.concurrent.atomic.AtomicLong;

/** What the admin server refused or cut off, for {@code /metrics}. Thread-safe. */
final class AdminCounters {
    final AtomicLong open = new AtomicLong();
    final AtomicLong refused = new AtomicLong();
    final AtomicLong idleClosed = new AtomicLong();
    final AtomicLong requestTimeouts = new AtomicLong();
    final AtomicLong badRequests = new AtomicLong();
    final AtomicLong watchers = new AtomicLong();
    final AtomicLong watchersRefused = new AtomicLong();

    /** Prometheus text format 0.0.4. */
    String render() {
        StringBuilder b = new StringBuilder(1024);
        metric(b, "ballot_admin_connections", "Admin HTTP connections open now", "gauge", open.get());
        metric(b, "ballot_admin_connections_refused_total",
                "Admin HTTP connections refused because ballot.admin.maxConnections were open", "counter", refused.get());
        metric(b, "ballot_admin_idle_closed_total", "Admin HTTP connections closed after ballot.admin.idleTimeout",
                "counter", idleClosed.get());
        metric(b, "ballot_admin_request_timeouts_total",
                "Admin HTTP requests whose headers did not arrive within ballot.admin.requestTimeout", "counter",
                requestTimeouts.get());
        metric(b, "ballot_admin_bad_requests_total", "Admin HTTP requests that could not be parsed or were too large",
                "counter", badRequests.get());
        metric(b, "ballot_admin_watchers", "GET /watch streams open now", "gauge", watchers.get());
        metric(b, "ballot_admin_watchers_refused_total", "GET /watch streams refused (ballot.admin.maxWatchers)",
                "counter", watchersRefused.get());
        return b.toString();
    }

    private static void metric(StringBuilder b, String name, String help, String type, long value) {
        b.append("# HELP ").append(name).append(' ').append(help).append('\n');
        b.append("# TYPE ").append(name).append(' ').append(type).append('\n');
        b.append(name).append(' ').append(value).append('\n');
    }
}
