package dev.ballot.leadership;

import dev.ballot.core.LearnerType;
import dev.ballot.core.config.EnsembleConfig;
import dev.ballot.core.config.QuorumServer;
import dev.ballot.core.quorum.MajorityQuorumVerifier;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The real election adapter leaves the election (its port closes) and comes back on the same port. */
class FleElectorTest {
    private final MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());

    @AfterEach
    void tearDown() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static int freePort() throws IOException {
        return TestPorts.next();
    }

    private static void awaitRefused(int port) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (true) {
            try {
                new Socket("127.0.0.1", port).close();
            } catch (ConnectException refused) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("port " + port + " still accepts connections 5 s after withdraw()");
            }
            TimeUnit.MILLISECONDS.sleep(10);
        }
    }

    @Test
    void withdraw_closesTheElectionPort_rejoin_bindsItAgain() throws Exception {
        Map<Long, QuorumServer> members = new LinkedHashMap<>();
        for (long sid = 1; sid <= 3; sid++) {
            members.put(sid, QuorumServer.of(sid, "127.0.0.1", freePort(), freePort(), LearnerType.PARTICIPANT));
        }
        EnsembleConfig cfg = EnsembleConfig.builder().dataDir(Path.of("unused")).tickTime(Duration.ofMillis(200))
                .initLimit(10).syncLimit(5).quorum(new MajorityQuorumVerifier(members, 0)).build();
        FleElector e = FleElector.create(cfg, 1, group, group.next(), 0, 0);
        int port = members.get(1L).electionAddress().getPort();
        e.start().get(10, TimeUnit.SECONDS);
        e.lookForLeader(); // looking, alone: never decides
        assertEquals(new InetSocketAddress("127.0.0.1", port), e.electionAddresses().get(0));
        e.withdraw().get(10, TimeUnit.SECONDS);
        awaitRefused(port); // the listening socket closes on its event loop, just after the transport says closed
        long started = e.counters().electionsStarted();
        assertTrue(started >= 1, "counted: " + started);
        e.rejoin(3, 3L << 32).get(10, TimeUnit.SECONDS);
        new Socket("127.0.0.1", port).close();
        assertEquals(new InetSocketAddress("127.0.0.1", port), e.electionAddresses().get(0));
        e.lookForLeader();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (e.counters().electionsStarted() <= started && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(10); // the election counts on its executor
        }
        assertTrue(e.counters().electionsStarted() > started, "counters go on across the stretches");
        e.closeAsync().get(10, TimeUnit.SECONDS);
    }
}
