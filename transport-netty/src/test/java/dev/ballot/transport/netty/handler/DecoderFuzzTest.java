package dev.ballot.transport.netty.handler;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.TooLongFrameException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Seeded fuzzing of the two decoders that see untrusted bytes: 60,000 handshake inputs and 50,000
 * frame inputs, random and mutated from valid messages, each delivered in random splits. The only
 * allowed failures are the typed protocol exceptions, and a failure must leave the channel closed.
 * The seed is printed; rerun one with {@code -Dballot.fuzz.seed=N}.
 */
class DecoderFuzzTest {
    private static final long SEED = Long.getLong("ballot.fuzz.seed", 20261126L);
    private static io.netty.util.ResourceLeakDetector.Level leakLevel;

    /**
     * Paranoid leak tracking records a stack trace per buffer, which makes 110,000 channels take ~40 s on
     * two cores; the fuzz runs with sampled ({@code SIMPLE}) tracking, the handler tests stay paranoid.
     */
    @org.junit.jupiter.api.BeforeAll
    static void sampledLeakDetection() {
        leakLevel = io.netty.util.ResourceLeakDetector.getLevel();
        io.netty.util.ResourceLeakDetector.setLevel(io.netty.util.ResourceLeakDetector.Level.SIMPLE);
    }

    @org.junit.jupiter.api.AfterAll
    static void restoreLeakDetection() {
        io.netty.util.ResourceLeakDetector.setLevel(leakLevel);
    }

    @Test
    void handshakeDecoderRaisesOnlyTypedExceptions() {
        Random random = new Random(SEED);
        Map<String, Integer> outcomes = run(random, 60_000, () -> new HandshakeDecoder((sid, ch) -> {
            if (sid == 5) {
                throw new HandshakeException(HandshakeException.Reason.OWN_SID, "own");
            }
        }, Duration.ofSeconds(5)), () -> handshakeInput(random));
        System.out.println("[fuzz] handshake seed=" + SEED + " outcomes=" + outcomes);
        assertTrue(outcomes.getOrDefault("accepted", 0) > 1000, "the mutations also produce valid handshakes");
        assertTrue(outcomes.getOrDefault(HandshakeException.class.getSimpleName(), 0) > 1000);
    }

    @Test
    void frameDecoderRaisesOnlyTypedExceptions() {
        Random random = new Random(SEED + 1);
        Map<String, Integer> outcomes = run(random, 50_000, QuorumFrameDecoder::new, () -> frameInput(random));
        System.out.println("[fuzz] frames seed=" + (SEED + 1) + " outcomes=" + outcomes);
        assertTrue(outcomes.getOrDefault("accepted", 0) > 1000);
        assertTrue(outcomes.getOrDefault(FrameLengthException.class.getSimpleName(), 0) > 1000);
    }

    private static Map<String, Integer> run(Random random, int inputs, Supplier<ChannelHandler> handler, Supplier<byte[]> input) {
        Map<String, Integer> outcomes = new TreeMap<>();
        for (int i = 0; i < inputs; i++) {
            byte[] bytes = input.get();
            EmbeddedChannel ch = new EmbeddedChannel(handler.get());
            String outcome = "accepted";
            try {
                feed(ch, bytes, random);
            } catch (HandshakeException | FrameLengthException | TooLongFrameException e) {
                outcome = e.getClass().getSimpleName();
                assertFalse(ch.isOpen(), "closed after " + outcome + " on input " + i + " (seed " + SEED + ")");
            } catch (RuntimeException e) {
                fail("input " + i + " (seed " + SEED + ") raised " + e + " for " + io.netty.buffer.ByteBufUtil.hexDump(bytes), e);
            }
            outcomes.merge(outcome, 1, Integer::sum);
            ch.finishAndReleaseAll();
        }
        assertEquals(inputs, outcomes.values().stream().mapToInt(Integer::intValue).sum());
        return outcomes;
    }

    /** Writes {@code bytes} in random pieces, stopping once the channel is closed. */
    private static void feed(EmbeddedChannel ch, byte[] bytes, Random random) {
        int i = 0;
        while (i < bytes.length && ch.isOpen()) {
            int n = 1 + random.nextInt(Math.max(1, bytes.length - i));
            if (random.nextInt(4) == 0) {
                n = 1;
            }
            ch.writeInbound(Unpooled.wrappedBuffer(bytes, i, Math.min(n, bytes.length - i)));
            i += n;
        }
    }

    private static byte[] handshakeInput(Random random) {
        return switch (random.nextInt(4)) {
            case 0 -> randomBytes(random, random.nextInt(48));
            case 1 -> mutate(random, validHandshake(random));
            case 2 -> withLength(random, validHandshake(random));
            default -> validHandshake(random);
        };
    }

    private static byte[] frameInput(Random random) {
        byte[] frames = new byte[0];
        int count = 1 + random.nextInt(4);
        for (int i = 0; i < count; i++) {
            frames = Bytes.concat(frames, Bytes.frame(randomBytes(random, 1 + random.nextInt(64))));
        }
        return switch (random.nextInt(3)) {
            case 0 -> randomBytes(random, random.nextInt(48));
            case 1 -> mutate(random, frames);
            default -> withFrameLength(random, frames);
        };
    }

    private static byte[] validHandshake(Random random) {
        String[] hosts = {"10.0.0.1", "h", "[::1]", "zk-1.example", "", "0.0.0.0", "[", "]", "é"};
        StringBuilder text = new StringBuilder();
        int items = 1 + random.nextInt(3);
        for (int i = 0; i < items; i++) {
            if (i > 0) {
                text.append(random.nextInt(8) == 0 ? ":" : "|");
            }
            text.append(hosts[random.nextInt(hosts.length)]).append(':').append(random.nextInt(70_000) - 100);
        }
        long version = random.nextBoolean() ? InitialMessage.V1 : InitialMessage.V2;
        long sid = random.nextInt(8);
        byte[] message = Bytes.initial(version, sid, text.toString());
        return random.nextBoolean() ? message : Bytes.concat(message, Bytes.frame("x".getBytes(StandardCharsets.UTF_8)));
    }

    private static byte[] mutate(Random random, byte[] bytes) {
        byte[] out = bytes.clone();
        int flips = 1 + random.nextInt(3);
        for (int i = 0; i < flips && out.length > 0; i++) {
            out[random.nextInt(out.length)] = (byte) random.nextInt(256);
        }
        if (random.nextInt(4) == 0 && out.length > 0) {
            out = java.util.Arrays.copyOf(out, random.nextInt(out.length));
        }
        return out;
    }

    /** Replaces the address length (offset 16) by a boundary or random value. */
    private static byte[] withLength(Random random, byte[] handshake) {
        int[] values = {0, -1, 1, 2047, 2048, 2049, Integer.MAX_VALUE, Integer.MIN_VALUE, random.nextInt()};
        return setInt(handshake, 16, values[random.nextInt(values.length)]);
    }

    private static byte[] withFrameLength(Random random, byte[] frames) {
        int[] values = {0, -1, 1, 524287, 524288, 524289, Integer.MAX_VALUE, Integer.MIN_VALUE, random.nextInt()};
        return setInt(frames, 0, values[random.nextInt(values.length)]);
    }

    private static byte[] setInt(byte[] bytes, int offset, int value) {
        byte[] out = bytes.clone();
        for (int i = 0; i < 4 && offset + i < out.length; i++) {
            out[offset + i] = (byte) (value >>> (24 - 8 * i));
        }
        return out;
    }

    private static byte[] randomBytes(Random random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }
}
