package dev.ballot.leadership;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;

/**
 * Free loopback ports from the OS, never the same one twice in this JVM: a port bound to 0 and closed may be
 * handed out again by the next bind to 0, and two members would then share it.
 */
final class TestPorts {
    private static final Set<Integer> GIVEN = new HashSet<>();

    private TestPorts() {
    }

    static synchronized int next() throws IOException {
        for (int attempt = 0; attempt < 100; attempt++) {
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                if (GIVEN.add(s.getLocalPort())) {
                    return s.getLocalPort();
                }
            }
        }
        throw new IOException("no new free port in 100 attempts");
    }
}
