package dev.ballot.transport.netty.handler;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Keeps a flood of bad connections from becoming a flood of log lines, per reason ({@code unknown-sid},
 * {@code timeout}, {@code tls}, ...):
 *
 * <ul>
 *   <li>the first rejection of a reason is written in full at once;</li>
 *   <li>further ones within the next {@link #DEFAULT_WINDOW} are only counted, by source address; when
 *       the window ends, one line says how many, from which sources, and the last reason text:
 *       {@code "2: 4512 more connections closed (unknown-sid) in the last 10 s from 127.0.0.1 x4500,
 *       10.0.0.2 x12; last: sid 77 is not in the configuration"};</li>
 *   <li>while rejections keep coming, each later window gives one such summary line and nothing else;
 *       a window without any ends the episode, and the next rejection is written in full again.</li>
 * </ul>
 *
 * <p>Every text handed in must already be escaped. Thread-safe: channels of every event loop report
 * here; each reason's counts are guarded by their own lock, held only to count or to swap a window.
 */
final class RejectionLog {
    /** How long repeats of one reason are collected into one line. */
    static final Duration DEFAULT_WINDOW = Duration.ofSeconds(10);
    /** Distinct sources named in a summary; the rest are counted as "others". */
    static final int MAX_SOURCES = 4;

    /** Runs a task after a delay (an event loop's {@code schedule}); for tests, a fake clock. */
    @FunctionalInterface
    interface Timer {
        void schedule(Runnable task, long delayNanos);
    }

    private final long localSid;
    private final Duration window;
    private final LongSupplier nanoTime;
    private final Consumer<String> warn;
    private final Map<String, Episode> episodes = new ConcurrentHashMap<>();

    /**
     * @param warn where the lines go (the caller's WARN logger)
     */
    RejectionLog(long localSid, Duration window, LongSupplier nanoTime, Consumer<String> warn) {
        this.localSid = localSid;
        this.window = Objects.requireNonNull(window, "window");
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
        this.warn = Objects.requireNonNull(warn, "warn");
    }

    /**
     * Reports one bad connection.
     *
     * @param reason the reason's key (rate-limiting is per key)
     * @param source the remote host, for the summary
     * @param line   the full line, written if this is the first of an episode
     * @param detail the reason text, shown as "last" in a summary
     * @param timer  where the end of the window is scheduled if one opens now
     */
    void report(String reason, String source, String line, String detail, Timer timer) {
        Episode episode = episodes.computeIfAbsent(reason, Episode::new);
        if (episode.offer(source, detail)) {
            warn.accept(line);
            timer.schedule(() -> endWindow(episode, timer), window.toNanos());
        }
    }

    /** Writes the pending summaries now (on close), so no count is lost. */
    void flush() {
        episodes.values().forEach(e -> {
            String summary = e.close(nanoTime.getAsLong(), false);
            if (summary != null) {
                warn.accept(summary);
            }
        });
    }

    private void endWindow(Episode episode, Timer timer) {
        String summary = episode.close(nanoTime.getAsLong(), true);
        if (summary != null) {
            warn.accept(summary);
            timer.schedule(() -> endWindow(episode, timer), window.toNanos());
        }
    }

    /** One reason's state: quiet, or collecting repeats since {@link #windowStart}. */
    private final class Episode {
        private final String reason;
        private boolean open;
        private long windowStart;
        private long repeats;
        private String lastDetail;
        private final Map<String, Long> sources = new LinkedHashMap<>();
        private long otherSources;

        Episode(String reason) {
            this.reason = reason;
        }

        /** Counts one rejection; true if it opens an episode (write it in full, schedule the window's end). */
        synchronized boolean offer(String source, String detail) {
            if (!open) {
                open = true;
                windowStart = nanoTime.getAsLong();
                return true;
            }
            repeats++;
            lastDetail = detail;
            if (sources.containsKey(source) || sources.size() < MAX_SOURCES) {
                sources.merge(source, 1L, Long::sum);
            } else {
                otherSources++;
            }
            return false;
        }

        /**
         * Ends the current window: the summary line if repeats were counted (and, with {@code continueEpisode},
         * a new window starts), else null and the episode ends.
         */
        synchronized String close(long now, boolean continueEpisode) {
            if (!open) {
                return null;
            }
            if (repeats == 0) {
                if (continueEpisode) {
                    open = false; // a window without repeats ends the episode
                }
                return null;
            }
            String summary = summary(now);
            repeats = 0;
            sources.clear();
            otherSources = 0;
            windowStart = now;
            open = continueEpisode;
            return summary;
        }

        private String summary(long now) {
            long seconds = Math.max(1, Math.round((now - windowStart) / 1e9));
            StringBuilder from = new StringBuilder();
            sources.forEach((s, n) -> from.append(from.length() == 0 ? "" : ", ").append(s).append(" x").append(n));
            if (otherSources > 0) {
                from.append(", ").append(otherSources).append(" from other sources");
            }
            return localSid + ": " + repeats + " more connection" + (repeats == 1 ? "" : "s") + " closed (" + reason
                    + ") in the last " + seconds + " s from " + from + "; last: " + lastDetail;
        }
    }
}
