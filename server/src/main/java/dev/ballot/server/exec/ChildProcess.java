package dev.ballot.server.exec;

import dev.ballot.core.LogText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One run of the {@code --exec} command under the supervisor script ({@code supervise.sh}): in a session
 * and process group of its own, its stdout and stderr copied to the log line by line with a prefix.
 * {@link #stop()} closes the supervisor's stdin pipe, which makes it SIGTERM the group and SIGKILL it
 * after the grace period; the JVM's death closes the same pipe, so the command never outlives the peer.
 * As a last resort the JVM SIGKILLs the group itself one second after the grace period. Thread-safe.
 */
final class ChildProcess {
    private static final Logger LOG = LoggerFactory.getLogger("dev.ballot.server.exec.Command");
    private static final String SCRIPT = loadScript();

    private final Process process;
    private final long token;
    private final long startedNanos = System.nanoTime();

    private ChildProcess(Process process, long token) {
        this.process = process;
        this.token = token;
    }

    /** Starts {@code command} with {@code env} added to this JVM's environment. */
    static ChildProcess start(String command, Map<String, String> env, Duration grace, long token, long sid)
            throws IOException {
        ProcessBuilder pb = new ProcessBuilder("setsid", "/bin/sh", "-c", SCRIPT, "ballot-exec");
        pb.environment().putAll(env);
        pb.environment().put("BALLOT_EXEC_COMMAND", command);
        pb.environment().put("BALLOT_EXEC_GRACE_TICKS", Long.toString(Math.max(1, grace.toMillis() / 100)));
        Process p = pb.start();
        ChildProcess c = new ChildProcess(p, token);
        c.copy(p.getInputStream(), sid, "out");
        c.copy(p.getErrorStream(), sid, "err");
        return c;
    }

    long pid() {
        return process.pid();
    }

    long token() {
        return token;
    }

    Duration age() {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }

    /** Completes with the exit code when the supervisor (and so the command) has ended. */
    CompletableFuture<Integer> exited() {
        return process.onExit().thenApply(Process::exitValue);
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Asks the supervisor to stop the group: SIGTERM now, SIGKILL after the grace period. */
    void stop(Duration grace) {
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            LOG.debug("exec[{}]: closing the supervisor's pipe: {}", pid(), e.toString());
        }
        CompletableFuture.delayedExecutor(grace.toMillis() + 1000, TimeUnit.MILLISECONDS).execute(() -> {
            if (process.isAlive()) {
                LOG.warn("exec[{}]: the supervisor did not end the command within the grace period; killing its group", pid());
                killGroup();
            }
        });
    }

    /** SIGKILL to the whole process group (the supervisor leads it, so its pid is the group id). */
    void killGroup() {
        try {
            new ProcessBuilder("kill", "-KILL", "--", "-" + pid()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(5, TimeUnit.SECONDS);
        } catch (IOException e) {
            LOG.warn("exec[{}]: cannot run kill: {}", pid(), e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process.destroyForcibly();
    }

    private void copy(InputStream in, long sid, String stream) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    LOG.info("{}: exec[{}] {}: {}", sid, pid(), stream, LogText.escape(line, 4096));
                }
            } catch (IOException e) {
                LOG.debug("exec[{}]: {} closed: {}", pid(), stream, e.toString());
            }
        }, "ballot-exec-" + stream + "-" + pid());
        t.setDaemon(true);
        t.start();
    }

    private static String loadScript() {
        try (InputStream in = ChildProcess.class.getResourceAsStream("supervise.sh")) {
            if (in == null) {
                throw new IllegalStateException("supervise.sh is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
