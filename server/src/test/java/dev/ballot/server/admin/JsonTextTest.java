package dev.ballot.server.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.ballot.core.config.EnsembleConfig;
import dev.ballot.core.config.ZooCfgParser;
import dev.ballot.leadership.PeerStatus;
import dev.ballot.server.watch.LeaderView;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The admin endpoints' hand-written JSON is what Jackson's {@code ObjectMapper} wrote before, byte for byte
 * (the mappers below are the ones {@code AdminServer} and {@code WatchStream} used), and a fixed /status
 * document stays as it is whichever Jackson the tests run with.
 */
class JsonTextTest {
    /** {@code /status}, {@code /health}, {@code /config} before: indented, nulls left out. */
    private static final ObjectMapper STATUS = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL);
    /** {@code /leader} before: indented, nulls shown. */
    private static final ObjectMapper LEADER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    /** {@code /watch} events before. */
    private static final ObjectMapper WATCH = new ObjectMapper();

    @TempDir
    Path dir;

    static PeerStatus following() {
        return new PeerStatus(2, "FOLLOWING", true, 1L, 7L, 7, 7, "0x700000000", "2026-01-01T00:00:00Z",
                new PeerStatus.Elections(3, 3, 20, 21,
                        new PeerStatus.LastElection(1, "FOLLOWING", 4, 230, 1, 6, 5, "2026-01-01T00:00:01Z")),
                List.of(new PeerStatus.ConnectedPeer(1, "127.0.0.1:3888", "2026-01-01T00:00:02Z")),
                List.of(new PeerStatus.Peer(1, "127.0.0.1:3888", true, "2026-01-01T00:00:02Z"),
                        new PeerStatus.Peer(3, "127.0.0.1:3890", false, "2026-01-01T00:00:00Z")), null, 1234, "test");
    }

    static PeerStatus unwritableLeader() {
        return new PeerStatus(1, "LEADING", false, 1L, null, 8, 7, "0x700000000", "2026-01-01T00:00:00Z",
                new PeerStatus.Elections(0, 0, 0, 0, null), List.of(), List.of(), List.of(2L, 3L), 0, "0.1.0",
                PeerStatus.DISK_UNWRITABLE, "cannot write /data/\"x\"\n\tacceptedEpoch: No space left on device");
    }

    @Test
    void status_isTheFixedDocument() {
        assertEquals("""
                {
                  "sid" : 2,
                  "state" : "FOLLOWING",
                  "established" : true,
                  "leader" : 1,
                  "fencingToken" : 7,
                  "acceptedEpoch" : 7,
                  "currentEpoch" : 7,
                  "lastZxid" : "0x700000000",
                  "roleSince" : "2026-01-01T00:00:00Z",
                  "elections" : {
                    "started" : 3,
                    "decided" : 3,
                    "notificationsReceived" : 20,
                    "notificationsSent" : 21,
                    "last" : {
                      "leader" : 1,
                      "role" : "FOLLOWING",
                      "round" : 4,
                      "durationMillis" : 230,
                      "roundsObserved" : 1,
                      "notificationsReceived" : 6,
                      "notificationsSent" : 5,
                      "decidedAt" : "2026-01-01T00:00:01Z"
                    }
                  },
                  "connectedPeers" : [ {
                    "sid" : 1,
                    "address" : "127.0.0.1:3888",
                    "since" : "2026-01-01T00:00:02Z"
                  } ],
                  "peers" : [ {
                    "sid" : 1,
                    "address" : "127.0.0.1:3888",
                    "connected" : true,
                    "since" : "2026-01-01T00:00:02Z"
                  }, {
                    "sid" : 3,
                    "address" : "127.0.0.1:3890",
                    "connected" : false,
                    "since" : "2026-01-01T00:00:00Z"
                  } ],
                  "uptimeMillis" : 1234,
                  "version" : "test",
                  "health" : "ok"
                }""", JsonText.pretty(following(), true));
    }

    @Test
    void status_andHealth_asJacksonWroteThem() throws Exception {
        for (PeerStatus s : List.of(following(), unwritableLeader())) {
            assertEquals(STATUS.writeValueAsString(s), JsonText.pretty(s, true));
            assertEquals(STATUS.writeValueAsString(AdminServer.healthBody(s)), JsonText.pretty(AdminServer.healthBody(s), true));
        }
    }

    @Test
    void leaderAndWatch_asJacksonWroteThem_nullsIncluded() throws Exception {
        for (LeaderView v : List.of(new LeaderView(null, null, "2026-01-01T00:00:00Z", 2, "LOOKING", false),
                new LeaderView(1L, 7L, "2026-01-01T00:00:00.123Z", 2, "FOLLOWING", true))) {
            assertEquals(LEADER.writeValueAsString(v), JsonText.pretty(v, false));
            assertEquals(WATCH.writeValueAsString(v), JsonText.compact(v));
        }
        assertEquals("{\"leader\":null,\"fencingToken\":null,\"since\":\"t\",\"me\":2,\"role\":\"LOOKING\",\"established\":false}",
                JsonText.compact(new LeaderView(null, null, "t", 2, "LOOKING", false)));
    }

    @Test
    void config_asJacksonWroteIt() throws Exception {
        Path cfgFile = dir.resolve("zoo.cfg");
        Path ks = Files.writeString(dir.resolve("ks.p12"), "x");
        Files.writeString(cfgFile, "tickTime=500\ndataDir=" + dir + "\nsyncLimit=3\n"
                + "server.1=127.0.0.1:2888:3888\nserver.2=127.0.0.1:2889:3889\nserver.3=127.0.0.1:2890:3890:observer\n"
                + "sslQuorum=true\nssl.quorum.keyStore.location=" + ks + "\nssl.quorum.keyStore.password=s3cret\n"
                + "ssl.quorum.trustStore.location=" + ks + "\n"); // no trust store password: a null left out
        EnsembleConfig cfg = ZooCfgParser.parse(cfgFile, w -> { });
        AdminLimits limits = AdminLimits.from(cfg.adminHttp());
        Map<String, Object> view = ConfigView.of(cfg, 2, limits);
        assertEquals(STATUS.writeValueAsString(view), JsonText.pretty(view, true));
    }

    @Test
    void emptyAndNested_asJacksonWroteThem() throws Exception {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("empty", Map.of());
        m.put("none", List.of());
        m.put("nulls", java.util.Arrays.asList(null, 1L));
        m.put("lists", List.of(List.of(1, 2), List.of(Map.of("a", true))));
        m.put("gone", null);
        m.put("float", 0.25);
        m.put("enum", java.util.concurrent.TimeUnit.SECONDS);
        for (ObjectMapper mapper : List.of(STATUS, LEADER, WATCH)) {
            assertEquals(mapper.writeValueAsString(m), mapper == WATCH ? JsonText.compact(m)
                    : JsonText.pretty(m, mapper == STATUS));
        }
        assertEquals(STATUS.writeValueAsString(Map.of()), JsonText.pretty(Map.of(), true));
    }

    @Test
    void strings_escapedAsJacksonEscapesThem() throws Exception {
        StringBuilder every = new StringBuilder();
        for (char c = 0; c < 0x3100; c++) {
            every.append(c);
        }
        every.append("\uD83D\uDE00 \uDBFF \uDC00 \uFFFF \u2028\u2029");
        String s = every.toString();
        assertEquals(WATCH.writeValueAsString(s), JsonText.compact(s));
        assertEquals(STATUS.writeValueAsString(Map.of(s, s)), JsonText.pretty(Map.of(s, s), true));
    }

    @Test
    void somethingWithoutAJsonForm_isRefused() {
        assertThrows(IllegalArgumentException.class, () -> JsonText.pretty(Map.of("x", new Object()), true));
        assertThrows(IllegalArgumentException.class, () -> JsonText.compact(Double.NaN));
    }
}
