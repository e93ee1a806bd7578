package dev.ballot.transport.netty;

import io.netty.util.NetUtil;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Turns configured (unresolved) addresses into connectable ones without ever blocking an event loop:
 * IP literals are converted in place with no lookup; host names are looked up on one dedicated
 * daemon thread that exists only while lookups are pending (it ends after 10 s idle). Owned and
 * shut down by its transport. Thread-safe.
 */
final class DialResolver {
    private final ThreadPoolExecutor executor;

    DialResolver(long sid) {
        executor = new ThreadPoolExecutor(0, 1, 10, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "ballot-resolver-" + sid);
            t.setDaemon(true);
            return t;
        });
    }

    /** Completes with a resolved address, or fails with {@link UnknownHostException}. */
    CompletableFuture<InetSocketAddress> resolve(InetSocketAddress address) {
        if (!address.isUnresolved()) {
            return CompletableFuture.completedFuture(address);
        }
        String host = address.getHostString();
        byte[] literal = NetUtil.createByteArrayFromIpAddressString(host);
        if (literal != null) {
            try {
                return CompletableFuture.completedFuture(
                        new InetSocketAddress(InetAddress.getByAddress(host, literal), address.getPort()));
            } catch (UnknownHostException e) {
                return CompletableFuture.failedFuture(e);
            }
        }
        try {
            return CompletableFuture.supplyAsync(() -> lookup(host, address.getPort()), executor);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Every address of {@code host} (an IP literal without lookup); fails with {@link UnknownHostException}. */
    CompletableFuture<List<InetAddress>> resolveAll(String host) {
        byte[] literal = NetUtil.createByteArrayFromIpAddressString(host);
        if (literal != null) {
            try {
                return CompletableFuture.completedFuture(List.of(InetAddress.getByAddress(host, literal)));
            } catch (UnknownHostException e) {
                return CompletableFuture.failedFuture(e);
            }
        }
        try {
            return CompletableFuture.supplyAsync(() -> {
                try {
                    return List.of(InetAddress.getAllByName(host));
                } catch (UnknownHostException e) {
                    throw new java.util.concurrent.CompletionException(e);
                }
            }, executor);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private static InetSocketAddress lookup(String host, int port) {
        InetSocketAddress resolved = new InetSocketAddress(host, port);
        if (resolved.isUnresolved()) {
            throw new java.util.concurrent.CompletionException(new UnknownHostException(host));
        }
        return resolved;
    }

    void shutdown() {
        executor.shutdownNow();
    }
}
