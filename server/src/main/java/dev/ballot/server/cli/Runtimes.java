package dev.ballot.server.cli;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/** The threads a server process runs on: one event loop group and one thread for blocking I/O. */
final class Runtimes {
    private static final Duration QUIET = Duration.ofMillis(0);
    private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(2);
    /** How long the I/O thread outlives its last task. */
    static final Duration IO_IDLE = Duration.ofSeconds(5);

    private Runtimes() {
    }

    /** An NIO event loop group of {@code threads} threads. */
    static EventLoopGroup newGroup(int threads, String name) {
        return new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory(name, false), NioIoHandler.newFactory());
    }

    /**
     * One thread for epoch-file writes (fsync) and name resolution, never an event loop: tasks run one at a
     * time in order. The thread exists only while there is such work (an election, a reconnect) and ends
     * {@link #IO_IDLE} after the last task, so a peer with a steady leader does not keep it.
     */
    static ExecutorService newIoExecutor() {
        return newSerialExecutor("ballot-io", IO_IDLE);
    }

    /** Runs tasks one at a time in order on a daemon thread named after {@code name}, which ends after {@code idle}. */
    static ExecutorService newSerialExecutor(String name, Duration idle) {
        return new ThreadPoolExecutor(0, 1, idle.toMillis(), TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
                new DefaultThreadFactory(name, true));
    }

    /** Shuts both down and waits a little. */
    static void shutdown(EventLoopGroup group, ExecutorService io) {
        group.shutdownGracefully(QUIET.toMillis(), SHUTDOWN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .awaitUninterruptibly(SHUTDOWN_TIMEOUT.toMillis() + 500);
        io.shutdown();
    }
}
