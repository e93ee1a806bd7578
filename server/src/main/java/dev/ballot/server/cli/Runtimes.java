package dev.ballot.server.cli;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/** The threads a server process runs on: one event loop group and one thread for blocking I/O. */
final class Runtimes {
    private static final Duration QUIET = Duration.ofMillis(0);
    private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(2);

    private Runtimes() {
    }

    /** An NIO event loop group of {@code threads} threads. */
    static EventLoopGroup newGroup(int threads, String name) {
        return new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory(name, false), NioIoHandler.newFactory());
    }

    /** One thread for epoch-file writes (fsync) and name resolution, never an event loop. */
    static ExecutorService newIoExecutor() {
        return Executors.newSingleThreadExecutor(new DefaultThreadFactory("ballot-io", true));
    }

    /** Shuts both down and waits a little. */
    static void shutdown(EventLoopGroup group, ExecutorService io) {
        group.shutdownGracefully(QUIET.toMillis(), SHUTDOWN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .awaitUninterruptibly(SHUTDOWN_TIMEOUT.toMillis() + 500);
        io.shutdown();
    }
}
