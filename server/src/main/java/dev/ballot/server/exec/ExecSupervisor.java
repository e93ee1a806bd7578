package dev.ballot.server.exec;

import dev.ballot.core.config.EnsembleConfig;
import dev.ballot.server.PeerNode;
import dev.ballot.leadership.LeaderContext;
import dev.ballot.leadership.Leadership;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * {@code --exec}: runs a command only while this peer is the established leader.
 *
 * <ul>
 *   <li>leadership acquired (LEADING and established): the command starts under {@code /bin/sh -c}, with
 *       {@code BALLOT_FENCING_TOKEN}, {@code BALLOT_LEADER_SID}, {@code BALLOT_MY_SID} and
 *       {@code BALLOT_ADMIN_URL} in its environment;</li>
 *   <li>leadership lost (or the peer stops): its process group gets SIGTERM, then SIGKILL after the grace
 *       period; it starts again, with the new token, when leadership returns;</li>
 *   <li>the command exits on its own while this peer leads: {@link ExitPolicy};</li>
 *   <li>the peer dies (kill -9): the supervisor script sees its pipe close and ends the group
 *       ({@link ChildProcess}).</li>
 * </ul>
 * It is leader work of the member's {@link Leadership} ({@link Leadership#runWhileLeader}): started with
 * each term's {@link LeaderContext} (its fencing token), stopped when that term's {@code ended()}
 * completes, which the leadership API guarantees happens before any later acquisition. The calls arrive
 * on the member's loop and are handled, in order, on one thread of this class's own, so that starting
 * or stopping a process never blocks the peer. Thread-safe.
 */
public final class ExecSupervisor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ExecSupervisor.class);
    private static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    private static final Duration HEALTHY_RUN = Duration.ofSeconds(60);

    /**
     * @param command the command line, run with {@code /bin/sh -c}
     * @param grace   how long the command has after SIGTERM before SIGKILL
     * @param onExit  what happens when it exits on its own while this peer leads
     */
    public record Settings(String command, Duration grace, ExitPolicy onExit) {
        public Settings {
            Objects.requireNonNull(command, "command");
            Objects.requireNonNull(grace, "grace");
            Objects.requireNonNull(onExit, "onExit");
            if (command.isBlank()) {
                throw new IllegalArgumentException("--exec: the command is empty");
            }
            if (grace.isNegative()) {
                throw new IllegalArgumentException("--exec-grace must not be negative, got " + grace);
            }
        }
    }

    private final long sid;
    private final Settings settings;
    private final Optional<String> adminUrl;
    private final Supplier<CompletableFuture<Boolean>> resign;
    private final ScheduledExecutorService thread;
    private final List<ChildProcess> stopping = new ArrayList<>();
    private volatile AutoCloseable work; // the registration with the leadership, once attached

    // --- confined to thread ---
    private long term = -1;   // the fencing token of the term this peer leads now, -1 when not leading
    private ChildProcess child;
    private ScheduledFuture<?> restart;
    private Duration backoff = FIRST_BACKOFF;
    private boolean closing;

    /**
     * @param sid      this peer's sid
     * @param settings the command and what to do around it
     * @param adminUrl the admin server's base URL, for {@code BALLOT_ADMIN_URL} (empty when it is off)
     * @param resign   gives up this peer's leadership ({@link ExitPolicy#RESIGN})
     */
    public ExecSupervisor(long sid, Settings settings, Optional<String> adminUrl,
                          Supplier<CompletableFuture<Boolean>> resign) {
        this.sid = sid;
        this.settings = settings;
        this.adminUrl = adminUrl;
        this.resign = resign;
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ballot-exec-" + sid);
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * A supervisor for a running peer: resigning is {@link Leadership#resign()} (it sits out
     * {@code initLimit * tickTime}), and
     * {@code BALLOT_ADMIN_URL} names the admin server (on 127.0.0.1 when it listens on every address).
     * Already attached to the node's leadership: if it leads now, the command starts at once.
     */
    public static ExecSupervisor forNode(PeerNode node, EnsembleConfig cfg, Settings settings) {
        Leadership leadership = node.leadership();
        Optional<String> url = node.adminAddress().map(a -> {
            String host = cfg.adminServerAddress();
            if (host.equals("0.0.0.0") || host.equals("::") || host.isEmpty()) {
                host = "127.0.0.1";
            }
            return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort();
        });
        ExecSupervisor s = new ExecSupervisor(leadership.myId(), settings, url,
                () -> leadership.resign().toCompletableFuture());
        s.work = leadership.runWhileLeader(ctx -> {
            s.acquired(ctx.fencingToken());
            ctx.ended().thenAccept(s::lost);
            return new CompletableFuture<Void>(); // runs until the term ends; cancelled then
        });
        return s;
    }

    /** This peer became the established leader under {@code fencingToken}. Any thread. */
    void acquired(long fencingToken) {
        thread.execute(() -> {
            if (closing) {
                return;
            }
            if (child != null) { // cannot happen (lost comes first); never two commands at once
                stopChild("a new term under fencing token " + fencingToken);
            }
            term = fencingToken;
            backoff = FIRST_BACKOFF;
            cancelRestart();
            startChild();
        });
    }

    /** This peer's leadership ended ({@code reason} for the log). Any thread. */
    void lost(String reason) {
        thread.execute(() -> {
            term = -1;
            cancelRestart();
            stopChild("leadership lost: " + reason);
        });
    }

    private void startChild() {
        Map<String, String> env = new TreeMap<>();
        env.put("BALLOT_FENCING_TOKEN", Long.toString(term));
        env.put("BALLOT_LEADER_SID", Long.toString(sid));
        env.put("BALLOT_MY_SID", Long.toString(sid));
        env.put("BALLOT_ADMIN_URL", adminUrl.orElse(""));
        try {
            ChildProcess c = ChildProcess.start(settings.command(), env, settings.grace(), term, sid);
            child = c;
            LOG.info("{}: exec: started pid {} as leader under fencing token {}: {}", sid, c.pid(), c.token(),
                    settings.command());
            c.exited().thenAcceptAsync(code -> exited(c, code), thread);
        } catch (IOException e) {
            LOG.error("{}: exec: cannot start the command (is /bin/sh or setsid missing?): {}", sid, e.getMessage());
            scheduleRestart();
        }
    }

    private void exited(ChildProcess c, int code) {
        if (c != child) {
            synchronized (stopping) {
                stopping.remove(c);
            }
            LOG.info("{}: exec: pid {} (fencing token {}) ended with code {}", sid, c.pid(), c.token(), code);
            return;
        }
        child = null;
        if (closing || term < 0) {
            return;
        }
        switch (settings.onExit()) {
            case RESTART -> {
                if (c.age().compareTo(HEALTHY_RUN) >= 0) {
                    backoff = FIRST_BACKOFF;
                }
                LOG.warn("{}: exec: the command (pid {}) exited with code {} while leading; starting it again in {} ms "
                        + "(--exec-exit=restart)", sid, c.pid(), code, backoff.toMillis());
                scheduleRestart();
            }
            case STAY -> LOG.warn("{}: exec: the command (pid {}) exited with code {} while leading; staying leader "
                    + "without it until leadership is next acquired (--exec-exit=stay)", sid, c.pid(), code);
            case RESIGN -> {
                LOG.warn("{}: exec: the command (pid {}) exited with code {} while leading; resigning leadership "
                        + "(--exec-exit=resign)", sid, c.pid(), code);
                resign.get().whenComplete((ok, err) -> {
                    if (err != null || !Boolean.TRUE.equals(ok)) {
                        LOG.warn("{}: exec: resigning did not take effect: {}", sid, err != null ? err.toString() : "not leading");
                    }
                });
            }
        }
    }

    private void scheduleRestart() {
        long jittered = (long) (backoff.toMillis() * (0.8 + 0.4 * ThreadLocalRandom.current().nextDouble()));
        restart = thread.schedule(() -> {
            restart = null;
            if (!closing && term >= 0 && child == null) {
                startChild();
            }
        }, jittered, TimeUnit.MILLISECONDS);
        backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
    }

    private void cancelRestart() {
        if (restart != null) {
            restart.cancel(false);
            restart = null;
        }
    }

    private void stopChild(String reason) {
        ChildProcess c = child;
        if (c == null) {
            return;
        }
        child = null;
        synchronized (stopping) {
            stopping.add(c);
        }
        LOG.info("{}: exec: stopping pid {} (fencing token {}): {}; SIGTERM, SIGKILL after {} ms", sid, c.pid(),
                c.token(), reason, settings.grace().toMillis());
        c.stop(settings.grace());
    }

    /** Stops the command (SIGTERM, SIGKILL after the grace period) and waits for it, at most grace + 2 s. */
    @Override
    public void close() {
        try {
            if (work != null) {
                work.close();
            }
            thread.submit(() -> {
                closing = true;
                cancelRestart();
                stopChild("the peer is stopping");
            }).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("{}: exec: stopping the command: {}", sid, e.toString());
        }
        List<ChildProcess> left;
        synchronized (stopping) {
            left = new ArrayList<>(stopping);
        }
        long deadline = System.nanoTime() + settings.grace().plusSeconds(2).toNanos();
        for (ChildProcess c : left) {
            try {
                c.exited().get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (Exception e) {
                c.killGroup();
            }
        }
        thread.shutdownNow();
    }
}
