package dev.ballot.core.codec;

import dev.ballot.core.Notification;
import dev.ballot.core.PeerState;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.Optional;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Seeded fuzzing of {@link NotificationCodec#decode}: random and mutated payloads raise only
 * {@link NotificationFormatException}, never allocate a config larger than the payload, and agree
 * with a reference model that reads the payload the way docs/protocol.md "Decoding shorter notifications" describes a 3.9 receiver reading
 * it: sequentially, dropping the message when a read runs past the end.
 */
class NotificationCodecFuzzTest {
    private static final long SEED = Long.getLong("ballot.fuzz.seed", 0x5eed_ba11_07L);
    private static final int RANDOM_CASES = 50_000;
    private static final int MUTATED_CASES = 70_000;
    private static final int[] INTERESTING_INTS = {0, 1, 2, 3, 4, -1, Integer.MIN_VALUE, Integer.MAX_VALUE, 28, 40, 44};

    /** The reference model's verdict: the decoded notification, or empty if a 3.9 receiver drops it. */
    private static Optional<Notification> model(byte[] p) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(p))) {
            if (p.length < 28) {
                return Optional.empty();
            }
            int state = in.readInt();
            long leader = in.readLong();
            long zxid = in.readLong();
            long electionEpoch = in.readLong();
            long peerEpoch = zxid >> 32;
            int version = 0;
            String config = "";
            if (p.length != 28) {
                peerEpoch = in.readLong();
                int versionField = in.readInt();
                if (p.length != 40) {
                    version = versionField;
                    if (version >= 2) {
                        int c = in.readInt();
                        if (c < 0 || c > p.length) {
                            return Optional.empty();
                        }
                        byte[] text = new byte[c];
                        in.readFully(text);
                        config = new String(text, StandardCharsets.UTF_8);
                    }
                }
            }
            if (state < 0 || state > 3) {
                return Optional.of(UNKNOWN_STATE_MARK);
            }
            return Optional.of(new Notification(PeerState.fromCode(state), leader, zxid, electionEpoch, peerEpoch,
                    version, config));
        } catch (EOFException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** The model's answer for a well-formed payload with an unknown state code. */
    private static final Notification UNKNOWN_STATE_MARK =
            new Notification(PeerState.LOOKING, Long.MIN_VALUE, 0, 0, 0, Integer.MIN_VALUE, "?");

    private final Map<String, Integer> outcomes = new TreeMap<>();

    private void check(byte[] payload, long caseSeed) {
        Optional<Notification> expected = model(payload);
        try {
            Notification n = NotificationCodec.decode(ByteBuffer.wrap(payload));
            assertTrue(n.config().length() <= Math.max(0, payload.length - 44),
                    () -> "config larger than the payload, " + at(payload, caseSeed));
            assertEquals(expected, Optional.of(n), () -> "codec accepted, " + at(payload, caseSeed));
            outcomes.merge(n.config().isEmpty() ? "ACCEPTED" : "ACCEPTED_WITH_CONFIG", 1, Integer::sum);
        } catch (NotificationFormatException e) {
            outcomes.merge(e.reason().name(), 1, Integer::sum);
            if (e.reason() == NotificationFormatException.Reason.UNKNOWN_STATE) {
                assertEquals(Optional.of(UNKNOWN_STATE_MARK), expected, () -> "codec said unknown state, " + at(payload, caseSeed));
            } else {
                assertEquals(Optional.empty(), expected, () -> "codec refused (" + e.getMessage() + "), " + at(payload, caseSeed));
            }
        } catch (RuntimeException e) {
            fail("decode threw " + e + ", " + at(payload, caseSeed), e);
        }
    }

    private static String at(byte[] payload, long caseSeed) {
        return "seed " + SEED + " case " + caseSeed + " payload "
                + HexFormat.of().formatHex(payload, 0, Math.min(payload.length, 80));
    }

    @Test
    void randomPayloads() {
        SplittableRandom random = new SplittableRandom(SEED);
        for (int i = 0; i < RANDOM_CASES; i++) {
            int length = random.nextInt(4) == 0 ? random.nextInt(200) : random.nextInt(60);
            byte[] payload = new byte[length];
            for (int j = 0; j < length; j++) {
                payload[j] = (byte) random.nextInt(256);
            }
            if (length >= 4 && random.nextBoolean()) {
                ByteBuffer.wrap(payload).putInt(0, random.nextInt(5)); // mostly valid states, to get further
            }
            check(payload, i);
        }
        assertEveryOutcome("ACCEPTED", "SHORT", "TRUNCATED", "BAD_CONFIG_LENGTH", "UNKNOWN_STATE");
    }

    /** The fuzzer reached every branch often: each outcome at least 500 times. */
    private void assertEveryOutcome(String... expected) {
        for (String outcome : expected) {
            assertTrue(outcomes.getOrDefault(outcome, 0) >= 500, () -> "outcomes " + outcomes);
        }
    }

    @Test
    void mutatedValidPayloads() {
        SplittableRandom random = new SplittableRandom(SEED ^ 0x6d75_7461_7465L);
        for (int i = 0; i < MUTATED_CASES; i++) {
            String config = "server.1=h\u00f6st:1:2:participant\nversion=0".substring(0, random.nextInt(37));
            byte[] valid = NotificationCodec.encode(Notification.of(PeerState.values()[random.nextInt(4)],
                    random.nextLong(), random.nextLong(), random.nextLong(), random.nextLong(), config)).array();
            check(mutate(valid, random), i);
        }
        assertEveryOutcome("ACCEPTED", "ACCEPTED_WITH_CONFIG", "SHORT", "TRUNCATED", "BAD_CONFIG_LENGTH", "UNKNOWN_STATE");
    }

    private static byte[] mutate(byte[] valid, SplittableRandom random) {
        byte[] p = valid.clone();
        int mutations = 1 + random.nextInt(3);
        for (int m = 0; m < mutations; m++) {
            switch (random.nextInt(7)) {
                case 0 -> p = Arrays.copyOf(p, random.nextInt(p.length + 1)); // truncate
                case 1 -> p = Arrays.copyOf(p, p.length + 1 + random.nextInt(8)); // zero-extend
                case 2 -> {
                    if (p.length > 0) {
                        int at = random.nextInt(p.length);
                        p[at] ^= (byte) (1 << random.nextInt(8)); // flip a bit
                    }
                }
                case 3 -> putInt(p, 40, interesting(random, p.length)); // configLength
                case 4 -> putInt(p, 36, interesting(random, p.length)); // version
                case 5 -> putInt(p, 0, interesting(random, p.length)); // state
                default -> {
                    if (p.length > 0) {
                        p[random.nextInt(p.length)] = (byte) random.nextInt(256);
                    }
                }
            }
        }
        return p;
    }

    private static int interesting(SplittableRandom random, int length) {
        int pick = random.nextInt(INTERESTING_INTS.length + 4);
        return pick < INTERESTING_INTS.length ? INTERESTING_INTS[pick] : length - 44 + pick - INTERESTING_INTS.length - 1;
    }

    private static void putInt(byte[] p, int offset, int value) {
        if (p.length >= offset + 4) {
            ByteBuffer.wrap(p).putInt(offset, value);
        }
    }
}
