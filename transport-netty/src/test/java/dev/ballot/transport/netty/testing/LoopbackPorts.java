package dev.ballot.transport.netty.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/**
 * Ports for loopback ensembles: asks the OS for {@code n} free ports on 127.0.0.1 (binding port 0),
 * then releases them so peers configured with them can bind (with SO_REUSEADDR).
 */
public final class LoopbackPorts {
    private LoopbackPorts() {
    }

    /**
     * As {@link #reserve(int)}, none of them in {@code avoid}: ports handed out earlier that are not bound
     * yet, which the OS may hand out again. Bounded retries.
     */
    public static List<Integer> reserveAvoiding(int n, java.util.Collection<Integer> avoid) {
        for (int attempt = 0; attempt < 20; attempt++) {
            List<Integer> ports = reserve(n);
            if (ports.stream().noneMatch(avoid::contains)) {
                return ports;
            }
        }
        throw new IllegalStateException("no " + n + " free loopback ports outside " + avoid + " in 20 attempts");
    }

    public static List<Integer> reserve(int n) {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                ServerSocket s = new ServerSocket();
                s.setReuseAddress(true);
                s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                sockets.add(s);
            }
            return sockets.stream().map(ServerSocket::getLocalPort).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            for (ServerSocket s : sockets) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // best effort
                }
            }
        }
    }
}
