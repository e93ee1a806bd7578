package dev.ballot.bench.proxy;

import dev.ballot.bench.compare.JavaProcess;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProxyCommandTest {

    @Test
    void theProxyProcessEnds_whenItsParentClosesItsStdin() throws Exception {
        // a cell JVM that exited abnormally (the ZooKeeper N=9 5 % loss cell, exit 14) left its proxies running
        try (ServerSocket target = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Process p = JavaProcess.builder(List.of("-Xmx32m"), List.of("proxy", "--loss", "0", "1=" + target.getLocalPort()))
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            try {
                String line = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)).readLine();
                assertTrue(line != null && line.startsWith(ProxyProcess.READY), "ready line: " + line);
                assertTrue(p.isAlive());
                p.getOutputStream().close(); // what the parent's death does to the pipe
                assertTrue(p.waitFor(20, TimeUnit.SECONDS), "the proxy process is still running");
                assertEquals(0, p.exitValue());
            } finally {
                p.destroyForcibly();
            }
        }
    }
}
