package dev.ballot.leadership;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Turns a failure that repeats into one log line per {@code window} with a count ("... (failed 37 times in
 * 60 s)") instead of a line per attempt. A failure is known by a key; digits are ignored in it, so "epoch 4"
 * and "epoch 5" are the same failure. Pure: time is an input. Not thread-safe (the peer's loop).
 */
final class RepeatedFailures {
    private static final int MAX_KEYS = 64;

    private record Seen(long loggedAt, int silent) {
    }

    private final long windowNanos;
    private final Map<String, Seen> seen = new HashMap<>();

    RepeatedFailures(Duration window) {
        this.windowNanos = window.toNanos();
    }

    /**
     * The failure {@code key} happened now.
     *
     * @return null to stay silent; "" to log it as a first occurrence; or the suffix to append to its line
     *         (" (failed N times in S s)", this occurrence included)
     */
    String occurred(String key, long now) {
        String k = key.replaceAll("[0-9]+", "#");
        Seen s = seen.get(k);
        if (s != null && now - s.loggedAt() < windowNanos) {
            seen.put(k, new Seen(s.loggedAt(), s.silent() + 1));
            return null;
        }
        if (seen.size() >= MAX_KEYS) {
            seen.values().removeIf(v -> now - v.loggedAt() >= windowNanos);
        }
        seen.put(k, new Seen(now, 0));
        if (s == null) {
            return "";
        }
        long seconds = Math.max(1, Math.round((now - s.loggedAt()) / 1e9));
        return " (failed " + (s.silent() + 1) + " times in " + seconds + " s)";
    }

    /**
     * The peer recovered: forgets every failure.
     *
     * @return how many failures happened since the first one was logged (0 if none)
     */
    int recovered() {
        int n = seen.values().stream().mapToInt(s -> s.silent() + 1).sum();
        seen.clear();
        return n;
    }
}
