package dev.ballot.bench.servers;

import dev.ballot.bench.servers.PeerProbe.Seen;
import dev.ballot.bench.servers.ServerEnsemble.Role;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The servers benchmark's serving-leader rule and its probes' parsing; never a speed. */
class ServingWatchTest {
    private static final Seen DOWN = Seen.NOT_SERVING;

    @Test
    void aLeaderServesWithTheFollowersThatNameIt() {
        Map<Long, Seen> five = Map.of(1L, new Seen(Role.FOLLOWING, 4), 2L, new Seen(Role.FOLLOWING, 4),
                3L, new Seen(Role.FOLLOWING, 5), 4L, new Seen(Role.LEADING, 4));
        assertEquals(Optional.of(4L), ServingWatch.servingLeader(five, 5, 5));
        assertEquals(Optional.empty(), ServingWatch.servingLeader(five, 5, 4), "the killed leader never counts");
    }

    @Test
    void followersOfAnotherLeaderOrNotServingAreNoMajority() {
        Map<Long, Seen> five = Map.of(1L, new Seen(Role.FOLLOWING, 5), 2L, DOWN, 3L, new Seen(Role.FOLLOWING, 5),
                4L, new Seen(Role.LEADING, 4));
        assertEquals(Optional.empty(), ServingWatch.servingLeader(five, 5, 5));
        Map<Long, Seen> two = Map.of(1L, new Seen(Role.FOLLOWING, 2), 2L, new Seen(Role.LEADING, 2));
        assertEquals(Optional.empty(), ServingWatch.servingLeader(two, 5, -1), "2 of 5 is no majority");
    }

    @Test
    void zooKeeperFollowersNameNoLeaderAndCountForAny() {
        Map<Long, Seen> three = Map.of(1L, new Seen(Role.FOLLOWING, -1), 2L, new Seen(Role.LEADING, -1));
        assertEquals(Optional.of(2L), ServingWatch.servingLeader(three, 3, 3));
    }

    @Test
    void theMomentIsTheAnswerThatCompletedTheMajority() throws InterruptedException {
        // peers 1 and 2 serve under leader 2 from their second answer on; peer 3 never answers
        Map<Long, AtomicLong> asked = new ConcurrentHashMap<>();
        Map<Long, Long> secondAnswerAt = new ConcurrentHashMap<>();
        try (ServingWatch w = new ServingWatch(List.of(1L, 2L, 3L), 3, -1, sid -> new PeerProbe() {
            @Override
            public Seen next() throws InterruptedException {
                PeerProbe.sleep(Duration.ofMillis(1));
                long n = asked.computeIfAbsent(sid, k -> new AtomicLong()).incrementAndGet();
                if (sid == 3 || n < 2) {
                    return DOWN;
                }
                secondAnswerAt.putIfAbsent(sid, System.nanoTime());
                return new Seen(sid == 2 ? Role.LEADING : Role.FOLLOWING, 2);
            }

            @Override
            public void close() {
            }
        })) {
            ServingWatch.Found f = w.await(Duration.ofSeconds(10)).orElseThrow();
            assertEquals(2, f.leader());
            long last = Math.max(secondAnswerAt.get(1L), secondAnswerAt.get(2L));
            assertTrue(f.atNanos() >= last, "found before the answer that made the majority");
        }
    }

    @Test
    void ballotLeaderBody() {
        assertEquals(new Seen(Role.FOLLOWING, 3), PeerProbe.BallotWatchProbe.parse("{ \"leader\" : 3, \"fencingToken\" : 7,"
                + " \"since\" : \"x\", \"me\" : 1, \"role\" : \"FOLLOWING\", \"established\" : true }"));
        assertEquals(new Seen(Role.LEADING, 1), PeerProbe.BallotWatchProbe.parse("{\"leader\":1,\"fencingToken\":7,"
                + "\"since\":\"x\",\"me\":1,\"role\":\"LEADING\",\"established\":true}"));
        assertEquals(DOWN, PeerProbe.BallotWatchProbe.parse("{ \"leader\" : 3, \"fencingToken\" : null, \"since\" : \"x\","
                + " \"me\" : 1, \"role\" : \"FOLLOWING\", \"established\" : false }"), "decided, not established");
        assertEquals(DOWN, PeerProbe.BallotWatchProbe.parse("{ \"leader\" : null, \"fencingToken\" : null, \"since\" : \"x\","
                + " \"me\" : 1, \"role\" : \"LOOKING\", \"established\" : false }"));
    }

    @Test
    void watchEventsAreReadAcrossChunksAndHeartbeats() throws IOException {
        String e1 = "id: 1\ndata: {\"leader\":3}\n\n";
        String e2 = "id: 2\ndata: {\"leader\":null}\n\n";
        String body = chunk(e1.substring(0, 7)) + chunk(e1.substring(7)) + chunk(": heartbeat\n\n") + chunk(e2) + "0\r\n\r\n";
        InputStream in = new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8));
        StringBuilder pending = new StringBuilder();
        assertEquals("{\"leader\":3}", PeerProbe.BallotWatchProbe.nextEvent(in, pending));
        assertEquals("{\"leader\":null}", PeerProbe.BallotWatchProbe.nextEvent(in, pending));
        assertThrows(IOException.class, () -> PeerProbe.BallotWatchProbe.nextEvent(in, pending), "the stream ended");
    }

    private static String chunk(String text) {
        return Integer.toHexString(text.getBytes(StandardCharsets.UTF_8).length) + "\r\n" + text + "\r\n";
    }
}
