package dev.ballot.bench.jmh;

import dev.ballot.core.Notification;
import dev.ballot.core.PeerState;
import dev.ballot.core.codec.ConfigTextCache;
import dev.ballot.core.codec.NotificationCodec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

/**
 * The notification codec (docs/protocol.md "Notification layout"): encoding a version-2 notification and decoding one, with the config
 * text of a 3-member and a 51-member ensemble, without and with the election's config-text cache. Run with {@code -prof gc} for bytes allocated per message.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class NotificationCodecBenchmark {
    @Param({"3", "51"})
    int members;

    private Notification notification;
    private ByteBuffer encoded;
    private final ConfigTextCache configTexts = new ConfigTextCache();

    @Setup
    public void setUp() {
        StringBuilder config = new StringBuilder();
        for (int i = 1; i <= members; i++) {
            config.append("server.").append(i).append("=127.0.0.1:").append(20000 + i).append(':')
                    .append(30000 + i).append(":participant\n");
        }
        config.append("version=0");
        notification = Notification.of(PeerState.LOOKING, 7, 0x1_0000_0042L, 3, 1, config.toString());
        encoded = NotificationCodec.encode(notification);
    }

    @Benchmark
    public ByteBuffer encode() {
        return NotificationCodec.encode(notification);
    }

    @Benchmark
    public Notification decode() {
        return NotificationCodec.decode(encoded.duplicate());
    }

    /** As an election decodes: its {@link ConfigTextCache} holds the text the last notification carried. */
    @Benchmark
    public Notification decodeSameConfig() {
        return NotificationCodec.decode(encoded.duplicate(), configTexts);
    }
}
