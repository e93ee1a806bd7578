package dev.ballot.bench.jmh;

import dev.ballot.core.Notification;
import dev.ballot.core.PeerState;
import dev.ballot.core.codec.NotificationCodec;
import dev.ballot.transport.netty.handler.ChannelHost;
import dev.ballot.transport.netty.handler.InitialMessage;
import dev.ballot.transport.netty.handler.PeerChannelInitializer;
import dev.ballot.transport.netty.handler.PeerHandshakeEvent;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.embedded.EmbeddedChannel;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Transport-netty's pipeline on an {@link EmbeddedChannel} (no sockets): {@code handshake} builds an accepted
 * channel's pipeline, feeds it a peer's initial message until the arbiter keeps it (HandshakeDecoder,
 * validation, arbitration, self-removal) and closes it; {@code frameIn} pushes one framed notification through the frame
 * decoder and dispatcher to the host; {@code frameOut} writes one notification through the length prepender.
 * Run with {@code -prof gc} for bytes allocated per operation.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class FramePathBenchmark {
    private static final long LOCAL_SID = 1;
    private static final long REMOTE_SID = 2;

    private final BenchHost host = new BenchHost();
    private PeerChannelInitializer initializer;
    private ByteBuf initialMessage;
    private ByteBuf frame;
    private byte[] notification;
    private EmbeddedChannel kept;

    @Setup(Level.Trial)
    public void setUp() {
        initializer = new PeerChannelInitializer(host, (sid, ch) -> { }, Duration.ofSeconds(5),
                alloc -> InitialMessage.encode(alloc, LOCAL_SID, List.of(address(LOCAL_SID)), false),
                Optional.empty(), Optional.empty(), false);
        initialMessage = Unpooled.unreleasableBuffer(InitialMessage.encode(ByteBufAllocator.DEFAULT, REMOTE_SID,
                List.of(address(REMOTE_SID)), false));
        ByteBuffer n = NotificationCodec.encode(Notification.of(PeerState.LOOKING, 2, 0x1_0000_0000L, 1, 1,
                "server.1=127.0.0.1:2888:3888:participant\nserver.2=127.0.0.1:2889:3889:participant\nversion=0"));
        notification = new byte[n.remaining()];
        n.get(notification);
        frame = Unpooled.unreleasableBuffer(Unpooled.buffer(4 + notification.length)
                .writeInt(notification.length).writeBytes(notification));
        kept = openKept();
    }

    private EmbeddedChannel openKept() {
        EmbeddedChannel ch = new EmbeddedChannel(initializer.inbound());
        ch.writeInbound(initialMessage.duplicate());
        if (host.keptChannel != ch) {
            throw new IllegalStateException("the arbiter did not keep the channel");
        }
        return ch;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        kept.finishAndReleaseAll();
    }

    /** One accepted connection: pipeline built, initial message decoded, validated, kept, channel closed. */
    @Benchmark
    public boolean handshake() {
        EmbeddedChannel ch = openKept();
        return ch.finishAndReleaseAll();
    }

    @Benchmark
    public void frameIn(Blackhole bh) {
        kept.writeInbound(frame.duplicate());
        bh.consume(host.lastFrame);
    }

    @Benchmark
    public void frameOut(Blackhole bh) {
        kept.writeOutbound(Unpooled.wrappedBuffer(notification));
        ByteBuf out = kept.readOutbound();
        bh.consume(out.readableBytes());
        out.release();
    }

    private static InetSocketAddress address(long sid) {
        return InetSocketAddress.createUnresolved("127.0.0.1", 3887 + (int) sid);
    }

    /** Records what the pipeline hands to the transport. Confined to the benchmark thread. */
    private static final class BenchHost implements ChannelHost {
        Channel keptChannel;
        ByteBuffer lastFrame;

        @Override
        public long localSid() {
            return LOCAL_SID;
        }

        @Override
        public void onChannelCreated(Channel channel) {
            // nothing to track
        }

        @Override
        public void onKept(PeerHandshakeEvent event, Channel channel) {
            keptChannel = channel;
        }

        @Override
        public void onLowerSidDialed(PeerHandshakeEvent event) {
            throw new IllegalStateException("sid " + event.sid() + " is lower than " + LOCAL_SID);
        }

        @Override
        public void onWritable(Channel channel) {
            // nothing queued
        }

        @Override
        public void onFrame(long sid, ByteBuffer payload) {
            lastFrame = payload;
        }

        @Override
        public void onChannelError(Channel channel, Throwable cause) {
            throw new IllegalStateException("channel error in benchmark", cause);
        }
    }
}
