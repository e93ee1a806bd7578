package dev.ballot.transport.netty;

import dev.ballot.transport.netty.testing.Await;
import dev.ballot.transport.netty.testing.LoopbackMesh;
import dev.ballot.transport.netty.testing.LoopbackPorts;
import dev.ballot.transport.netty.testing.RecordingListener;
import io.netty.channel.Channel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static dev.ballot.transport.netty.testing.RecordingListener.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Options and contracts of the transport beyond the basic mesh. */
class TransportBehaviourTest {
    @RegisterExtension
    final dev.ballot.core.testing.LogCapture logs = dev.ballot.core.testing.LogCapture.of(SafeListener.class, NettyQuorumTransport.class);
    private static final Duration WAIT = Duration.ofSeconds(10);

    private static NettyQuorumTransport stranger(long sid, int peerOnePort, RecordingListener listener) {
        int own = LoopbackPorts.reserve(1).get(0);
        NettyQuorumTransport t = NettyQuorumTransport.builder().config(TransportConfig.builder().myId(sid)
                .peer(1, "127.0.0.1", peerOnePort).peer(sid, "127.0.0.1", own).build()).build();
        t.start(listener).toCompletableFuture().join();
        return t;
    }

    @Test
    void acceptUnknownSidsAdmitsStrangersAndDialsBackTheAdvertisedAddress() {
        try (LoopbackMesh mesh = LoopbackMesh.start(1, (sid, b) -> b.acceptUnknownSids(true))) {
            RecordingListener higher = new RecordingListener();
            RecordingListener lower = new RecordingListener();
            try (NettyQuorumTransport seven = stranger(7, mesh.port(1), higher);
                 NettyQuorumTransport zero = stranger(0, mesh.port(1), lower)) {
                seven.send(1, utf8("hello from 7"));   // 7 > 1: its dial is kept
                zero.send(1, utf8("hello from 0"));    // 0 < 1: peer 1 dials back the address 0 advertised
                mesh.listener(1).awaitText(7, "hello from 7", WAIT);
                mesh.listener(1).awaitText(0, "hello from 0", WAIT);
                mesh.transport(1).send(7, utf8("reply"));
                mesh.transport(1).send(0, utf8("reply"));
                higher.awaitText(1, "reply", WAIT);
                lower.awaitText(1, "reply", WAIT);
            }
        }
    }

    /** Issue 14: a link writes on its kept channel's own loop, also for accepted channels, with no hop per write. */
    @Test
    void everyLinkRunsOnItsChannelsLoop() {
        try (LoopbackMesh mesh = LoopbackMesh.start(5, (sid, b) -> b.ioThreads(4))) {
            for (long to = 2; to <= 5; to++) {
                mesh.transport(1).send(to, utf8("from 1")); // peer 1's links exist before 2..5 dial it
            }
            for (long from = 2; from <= 5; from++) {
                mesh.listener(from).awaitText(1, "from 1", WAIT);
                mesh.transport(from).send(1, utf8("to 1"));
                mesh.listener(1).awaitText(from, "to 1", WAIT);
            }
            for (long sid = 1; sid <= 5; sid++) {
                NettyQuorumTransport t = mesh.transport(sid);
                for (long peer = 1; peer <= 5; peer++) {
                    if (peer != sid && (sid == 1 || peer == 1)) { // the pairs that exchanged messages
                        PeerLink link = t.link(peer, List.of());
                        long p = peer;
                        Await.until(WAIT, () -> link.channel() != null && link.loop() == link.channel().eventLoop(),
                                () -> "link " + p + " of " + t.localSid() + " runs on " + link.loop() + ", its channel on "
                                        + (link.channel() == null ? "-" : link.channel().eventLoop()));
                    }
                }
            }
            mesh.transport(5).send(1, utf8("again"));
            mesh.listener(1).awaitText(5, "again", WAIT);
        }
    }

    @Test
    void listenerFailureDoesNotCloseTheConnection() {
        try (LoopbackMesh mesh = LoopbackMesh.start(2)) {
            RecordingListener record = new RecordingListener();
            mesh.restart(1, new dev.ballot.core.transport.Transport.Listener() {
                @Override
                public void onMessage(long sid, ByteBuffer payload) {
                    record.onMessage(sid, payload.duplicate());
                    throw new IllegalStateException("listener bug");
                }
                @Override public void onPeerUp(long sid) { }
                @Override public void onPeerDown(long sid, String reason) { }
            });
            mesh.transport(2).send(1, utf8("first"));
            record.awaitText(2, "first", WAIT);
            Await.until(WAIT, () -> mesh.transport(2).connectedPeers().contains(1L), () -> "2 connected to 1");
            Channel before = mesh.transport(2).link(1, List.of()).channel();
            mesh.transport(2).send(1, utf8("second"));
            record.awaitText(2, "second", WAIT);
            assertTrue(before.isActive(), "same connection after the listener threw twice");
            assertEquals(before, mesh.transport(2).link(1, List.of()).channel());
            assertTrue(logs.count(dev.ballot.core.testing.LogCapture.WARN, "1: listener failed on a message from sid 2") >= 1, logs.toString());
        }
    }

    @Test
    void stalledReceiverKeepsTheSendersMemoryBounded() throws Exception {
        try (ServerSocket sink = new ServerSocket()) {
            sink.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            sink.setReceiveBufferSize(64 * 1024);
            // sid 0 accepts peer 1's dial (1 > 0, kept) and then never reads
            CompletableFuture<Socket> accepted = CompletableFuture.supplyAsync(() -> {
                try {
                    return sink.accept();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            try (LoopbackMesh mesh = LoopbackMesh.start(1, (sid, b) -> b.peer(0, "127.0.0.1", sink.getLocalPort()))) {
                NettyQuorumTransport one = mesh.transport(1);
                byte[] big = new byte[64 * 1024];
                for (int i = 0; i < 2000; i++) {
                    one.send(0, ByteBuffer.wrap(big));
                }
                Await.until(WAIT, () -> one.connectedPeers().contains(0L), () -> "connected to the sink");
                Channel ch = one.link(0, List.of()).channel();
                // keep sending until the kernel buffers are full and the channel stays unwritable
                Await.until(WAIT, () -> {
                    for (int i = 0; i < 100; i++) {
                        one.send(0, ByteBuffer.wrap(big));
                    }
                    return !ch.isWritable();
                }, () -> "channel to the stalled peer not writable");
                for (int i = 0; i < 2000; i++) {
                    one.send(0, ByteBuffer.wrap(big));
                }
                long pending = ch.unsafe().outboundBuffer().totalPendingWriteBytes();
                assertTrue(pending <= TransportConfig.DEFAULT_WRITE_BUFFER_HIGH_BYTES + 2 * (big.length + 4L),
                        "pending " + pending + " bytes");
                Await.until(WAIT, () -> one.metrics().sendQueueDrops() > 3000, () -> "newest-wins drops: " + one.metrics().sendQueueDrops());
                assertTrue(one.link(0, List.of()).queued() <= 1);
                try (OutputStream ignored = accepted.join().getOutputStream()) {
                    // closing the sink's side ends the test
                }
            }
        }
    }

    @Test
    void pausedReadsHoldPeersBackUntilResumed() {
        try (LoopbackMesh mesh = LoopbackMesh.start(2)) {
            mesh.transport(2).send(1, utf8("before"));
            mesh.listener(1).awaitText(2, "before", WAIT);
            Await.until(WAIT, () -> mesh.transport(1).connectedPeers().contains(2L)
                    && mesh.transport(2).connectedPeers().contains(1L), () -> "connected both ways");
            NettyQuorumTransport one = mesh.transport(1);
            one.pauseReads();
            Channel ch = one.link(2, List.of()).channel();
            assertFalse(ch.config().isAutoRead());
            byte[] big = new byte[64 * 1024];
            Channel towardOne = mesh.transport(2).link(1, List.of()).channel();
            // keep sending until the socket buffers are full and the sender's channel stays unwritable
            Await.until(WAIT, () -> {
                mesh.transport(2).send(1, ByteBuffer.wrap(big));
                return !towardOne.isWritable();
            }, () -> "sender held back by TCP flow control");
            long delivered = one.metrics().framesIn();
            one.resumeReads();
            assertTrue(ch.config().isAutoRead());
            mesh.transport(2).send(1, utf8("after"));
            mesh.listener(1).awaitText(2, "after", WAIT);
            assertTrue(one.metrics().framesIn() > delivered);
        }
    }

    @Test
    void startFailsWhenThePortIsTaken() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            NettyQuorumTransport t = NettyQuorumTransport.builder().config(TransportConfig.builder().myId(1)
                    .peer(1, "127.0.0.1", taken.getLocalPort()).build()).build();
            java.util.concurrent.CompletionException e = org.junit.jupiter.api.Assertions.assertThrows(
                    java.util.concurrent.CompletionException.class,
                    () -> t.start(new RecordingListener()).toCompletableFuture().join());
            assertTrue(e.getCause().getMessage().contains(String.valueOf(taken.getLocalPort())), e.getCause().getMessage());
            assertEquals(1, logs.count(dev.ballot.core.testing.LogCapture.WARN, "1: cannot listen on "), logs.toString());
            t.closeAsync().toCompletableFuture().join();
        }
    }

    @Test
    void multiAddressPeerIsReachedThroughItsNextAddressWhenTheFirstFails() {
        int down = LoopbackPorts.reserve(1).get(0);
        try (LoopbackMesh mesh = LoopbackMesh.start(2, (sid, b) -> b.peer(3, "127.0.0.1", down))) {
            // peer 3 sees peer 2 under two addresses: a dead one first, the real one second; 3 > 2 so 3 dials
            NettyQuorumTransport three = NettyQuorumTransport.builder().config(TransportConfig.builder().myId(3)
                    .peer(2, List.of(InetSocketAddress.createUnresolved("127.0.0.1", down),
                            InetSocketAddress.createUnresolved("127.0.0.1", mesh.port(2))))
                    .peer(3, "127.0.0.1", LoopbackPorts.reserve(1).get(0))
                    .reconnectMinDelay(Duration.ofMillis(20)).build()).build();
            try (three) {
                three.start(new RecordingListener()).toCompletableFuture().join();
                three.send(2, utf8("via the second address"));
                mesh.listener(2).awaitText(3, "via the second address", WAIT);
                assertTrue(three.metrics().reconnects() >= 1);
            }
        }
    }

    @Test
    void closeReleasesOnlyWhatTheTransportOwns() {
        io.netty.channel.EventLoopGroup callers = IoTransport.newGroup(1, true, 77);
        try {
            int port = LoopbackPorts.reserve(1).get(0);
            NettyQuorumTransport embedded = NettyQuorumTransport.builder().eventLoopGroup(callers)
                    .config(TransportConfig.builder().myId(1).peer(1, "127.0.0.1", port).build()).build();
            embedded.start(new RecordingListener()).toCompletableFuture().join();
            assertEquals(List.of(new InetSocketAddress("127.0.0.1", port)), embedded.boundAddresses());
            embedded.close();
            embedded.close(); // idempotent
            assertFalse(callers.isShuttingDown(), "the caller's group is left running");

            NettyQuorumTransport owning = NettyQuorumTransport.builder()
                    .config(TransportConfig.builder().myId(42).peer(42, "127.0.0.1", LoopbackPorts.reserve(1).get(0)).build()).build();
            owning.start(new RecordingListener()).toCompletableFuture().join();
            assertTrue(threads("ballot-transport-42-") > 0);
            owning.close();
            Await.until(WAIT, () -> threads("ballot-transport-42-") == 0, () -> "owned event loop threads ended");
            java.util.concurrent.CompletionException again = org.junit.jupiter.api.Assertions.assertThrows(
                    java.util.concurrent.CompletionException.class,
                    () -> owning.start(new RecordingListener()).toCompletableFuture().join());
            assertTrue(again.getCause() instanceof IllegalStateException);
        } finally {
            callers.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    private static long threads(String prefix) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.isAlive() && t.getName().startsWith(prefix)).count();
    }
}
