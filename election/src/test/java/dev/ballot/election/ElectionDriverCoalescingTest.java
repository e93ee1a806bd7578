package dev.ballot.election;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ballot.core.Notification;
import dev.ballot.core.PeerState;
import dev.ballot.core.codec.NotificationCodec;
import dev.ballot.core.quorum.QuorumVerifier;
import dev.ballot.core.transport.Transport;
import dev.ballot.election.sim.Quorums;
import io.netty.util.concurrent.DefaultEventExecutor;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The driver sends one frame per peer per executor turn, the newest: a burst of proposal changes costs N frames. */
class ElectionDriverCoalescingTest {
    private static final QuorumVerifier Q = Quorums.majority(3);

    /** A transport that records what the election hands it. */
    private static final class RecordingTransport implements Transport {
        final List<String> frames = new CopyOnWriteArrayList<>();
        volatile Listener listener;

        @Override
        public CompletionStage<Void> start(Listener l) {
            listener = l;
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public long localSid() {
            return 1;
        }

        @Override
        public void send(long sid, ByteBuffer payload) {
            frames.add(sid + ":" + NotificationCodec.decode(payload).leader());
        }

        @Override
        public void connectAll() {
        }

        @Override
        public CompletionStage<Void> closeAsync() {
            return CompletableFuture.completedFuture(null);
        }
    }

    private static ByteBuffer looking(long leader) {
        return NotificationCodec.encode(Notification.of(PeerState.LOOKING, leader, 0, 1, 0, Q.toConfigString()));
    }

    @Test
    void twoProposalChangesInOneTurn_sendOnlyTheNewestToEachPeer() throws Exception {
        DefaultEventExecutor executor = new DefaultEventExecutor();
        RecordingTransport transport = new RecordingTransport();
        Election e = Election.builder().config(ElectionConfig.builder().myId(1).quorum(Q).decideWhenAllVoted(false)
                .build()).transport(transport).executor(executor).build();
        try {
            e.start().get(5, TimeUnit.SECONDS);
            e.lookForLeader();
            awaitFrames(transport, 2); // the initial vote to 2 and 3
            assertEquals(List.of("2:1", "3:1"), transport.frames);
            transport.frames.clear();
            executor.submit(() -> { // one turn: 2's vote, then 3's better one; the proposal changes twice
                transport.listener.onMessage(2, looking(2));
                transport.listener.onMessage(3, looking(3));
            }).get(5, TimeUnit.SECONDS);
            awaitFrames(transport, 2);
            executor.submit(() -> { }).get(5, TimeUnit.SECONDS); // anything still queued has run
            assertEquals(List.of("2:3", "3:3"), transport.frames, "one frame per peer, the newest proposal");
        } finally {
            e.close();
            executor.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    private static void awaitFrames(RecordingTransport t, int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (t.frames.size() < n && System.nanoTime() < deadline) {
            Thread.sleep(5); // polling with a deadline
        }
    }
}
