package dev.ballot.server.cli;

import dev.ballot.core.PeerState;
import dev.ballot.leadership.PeerStatus;
import dev.ballot.server.Main;
import dev.ballot.server.admin.AdminLimits;
import dev.ballot.server.admin.AdminServer;
import dev.ballot.server.admin.AdminSource;
import dev.ballot.server.watch.LeaderTracker;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code status --watch}: one line per change, until the peer goes away (exit 1). */
class StatusWatchTest {
    private final MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final LeaderTracker tracker = new LeaderTracker(2, Clock.systemUTC());

    @AfterEach
    void stop() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static final AdminSource NO_STATUS = new AdminSource() {
        @Override
        public CompletableFuture<PeerStatus> status() {
            return CompletableFuture.failedFuture(new IllegalStateException("not in this test"));
        }

        @Override
        public CompletableFuture<String> metrics() {
            return CompletableFuture.completedFuture("");
        }
    };

    private static void await(Supplier<Boolean> check, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!check.get()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + " not within 30 s");
            }
            Thread.sleep(10); // polling interval; the deadline decides
        }
    }

    @Test
    void printsOneLinePerChange_andExits1WhenThePeerGoesAway() throws Exception {
        AdminServer server = new AdminServer(NO_STATUS, Optional.empty(),
                AdminLimits.DEFAULTS.withHeartbeat(Duration.ofMillis(100)), Optional.of(tracker), Map.of());
        server.bind(group, new InetSocketAddress("127.0.0.1", 0)).syncUninterruptibly();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLineRun run = new CommandLineRun(out, err, "status", "--admin",
                "http://127.0.0.1:" + server.localAddress().getPort() + "/status", "--watch");
        run.thread.start();
        await(() -> out.toString().contains("peer 2 LOOKING"), "the current view (out: " + out + ", err: " + err + ")");
        tracker.onEstablished(2, PeerState.FOLLOWING, 3, 9);
        await(() -> out.toString().contains("peer 2 FOLLOWING  leader 3  token 9  established"), "the change");
        assertEquals(2, out.toString().lines().count(), "one line per event, none for heartbeats:\n" + out);
        server.close().syncUninterruptibly();
        run.thread.join(10_000);
        assertEquals(Main.RUNTIME_FAILURE, run.exit);
        assertTrue(err.toString().contains("/watch stream of 127.0.0.1:"), err.toString());
    }

    /** Runs the command line on a thread of its own. */
    private static final class CommandLineRun {
        final Thread thread;
        volatile int exit = -1;

        CommandLineRun(StringWriter out, StringWriter err, String... args) {
            picocli.CommandLine cl = Main.commandLine();
            cl.setOut(new PrintWriter(out, true));
            cl.setErr(new PrintWriter(err, true));
            thread = new Thread(() -> exit = cl.execute(args), "status-watch");
            thread.setDaemon(true);
        }
    }
}
