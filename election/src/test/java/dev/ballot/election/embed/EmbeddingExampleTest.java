package dev.ballot.election.embed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ballot.core.LearnerType;
import dev.ballot.core.config.QuorumServer;
import dev.ballot.core.quorum.MajorityQuorumVerifier;
import dev.ballot.core.quorum.QuorumVerifier;
import dev.ballot.transport.netty.TransportConfig;
import dev.ballot.transport.netty.testing.Await;
import dev.ballot.transport.netty.testing.LoopbackPorts;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The README's embedding example: each peer is a {@link LeaderService} whose HTTP endpoint, transport
 * and election share one event loop group; all peers of the ensemble share that group here. The
 * threads the ensemble adds are the group's and nothing else, for 3 and for 25 peers alike.
 */
class EmbeddingExampleTest {

    /** What a run of an ensemble of n peers showed. */
    private record Run(Set<String> leaders, int newThreads, Set<String> newThreadNames) {
    }

    @Test
    void leaderEndpointAnswersAndThreadCountDoesNotGrowWithThePeers() {
        Run three = run(3);
        Run twentyFive = run(25);
        System.out.println("embedding example: new threads with 3 peers " + three.newThreadNames()
                + ", with 25 peers " + twentyFive.newThreadNames());
        assertEquals(1, three.leaders().size(), "one leader named by every /leader: " + three.leaders());
        assertEquals(1, twentyFive.leaders().size(), "one leader named by every /leader: " + twentyFive.leaders());
        assertEquals(three.newThreads(), twentyFive.newThreads());
        assertEquals(2, three.newThreads(), "the group's two event loops and nothing else: " + three.newThreadNames());
    }

    private static Run run(int n) {
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, new DefaultThreadFactory("embed-" + n),
                NioIoHandler.newFactory());
        List<LeaderService> services = new ArrayList<>();
        try {
            // election and HTTP ports reserved together, so an HTTP bind cannot take a peer's election port
            List<Integer> ports = LoopbackPorts.reserve(2 * n);
            Map<Long, QuorumServer> members = new LinkedHashMap<>();
            for (int i = 0; i < n; i++) {
                members.put(i + 1L, QuorumServer.of(i + 1L, "127.0.0.1", 1, ports.get(i), LearnerType.PARTICIPANT));
            }
            QuorumVerifier quorum = new MajorityQuorumVerifier(members, 0);
            List<CompletableFuture<LeaderService>> starting = new ArrayList<>();
            for (long sid = 1; sid <= n; sid++) {
                TransportConfig.Builder tc = TransportConfig.builder().myId(sid);
                members.values().forEach(m -> tc.peer(m.sid(), "127.0.0.1", m.electionAddress().getPort()));
                starting.add(LeaderService.start(group, sid, quorum, tc.build(),
                        new InetSocketAddress("127.0.0.1", ports.get(n + (int) sid - 1))));
            }
            for (CompletableFuture<LeaderService> f : starting) {
                services.add(await(f)); // no orTimeout: it would start the JDK's delay-scheduler thread
            }
            Set<String> leaders = new HashSet<>();
            Await.until(Duration.ofSeconds(60), () -> {
                leaders.clear();
                for (LeaderService s : services) {
                    String body = tryGet(s.httpPort(), "/leader");
                    if (!body.startsWith("200")) {
                        return false;
                    }
                    leaders.add(body.substring(body.indexOf("\"leader\":")));
                }
                return true;
            }, () -> "every /leader answers 200");
            Set<Thread> added = new HashSet<>(Thread.getAllStackTraces().keySet());
            added.removeAll(before);
            Set<String> names = added.stream().map(Thread::getName).collect(Collectors.toSet());
            return new Run(Set.copyOf(leaders), added.size(), names);
        } finally {
            services.forEach(LeaderService::close);
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    private static <T> T await(CompletableFuture<T> f) {
        try {
            return f.get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("not started within 30 s", e);
        }
    }

    /** {@link #get}, or "000" when the service does not answer yet (a busy loaded machine): poll again. */
    private static String tryGet(int port, String path) {
        try {
            return get(port, path);
        } catch (UncheckedIOException e) {
            return "000 " + e.getCause();
        }
    }

    /** A minimal HTTP/1.1 GET over a plain socket: "status body". */
    private static String get(int port, String path) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            s.setSoTimeout(20_000);
            OutputStream out = s.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            String resp = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            String status = resp.substring(9, 12);
            return status + " " + resp.substring(resp.indexOf("\r\n\r\n") + 4);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void leaderJsonNamesSidStateAndLeader() {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try {
            List<Integer> reserved = LoopbackPorts.reserve(2);
            int port = reserved.get(0);
            QuorumVerifier single = new MajorityQuorumVerifier(Map.of(1L,
                    QuorumServer.of(1, "127.0.0.1", 1, port, LearnerType.PARTICIPANT)), 0);
            try (LeaderService s = LeaderService.start(group, 1, single,
                    TransportConfig.builder().myId(1).peer(1, "127.0.0.1", port).build(),
                    new InetSocketAddress("127.0.0.1", reserved.get(1))).join()) {
                Await.until(Duration.ofSeconds(10), () -> get(s.httpPort(), "/leader").startsWith("200"), () -> "200");
                assertEquals("200 {\"sid\":1,\"state\":\"LEADING\",\"leader\":1}", get(s.httpPort(), "/leader"));
                assertTrue(get(s.httpPort(), "/other").startsWith("404"));
            }
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
