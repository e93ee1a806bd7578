package dev.ballot.core.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** What the parser says about keys it does not read: mistyped ensemble keys stop start-up, the rest warn. */
class UnknownKeysTest {
    /** Lines 1..4; each case's line is line 5. */
    private static final String HEAD = "dataDir=/d\nserver.1=a:2888:3888\nserver.2=b:2888:3888\nserver.3=c:2888:3888\n";
    private static final String NOT_IN_ENSEMBLE = " Start-up stops here: ignoring this line would leave server 4 out "
            + "of the ensemble";

    @TempDir
    Path dir;

    private final List<String> warnings = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    private Path write(String text) throws IOException {
        return Files.writeString(dir.resolve("zoo.cfg"), text, StandardCharsets.UTF_8);
    }

    static Stream<Arguments> ensembleTypos() {
        return Stream.of(
                arguments("sever.4=d:2888:3888", "unknown key sever.4; did you mean server.4?" + NOT_IN_ENSEMBLE),
                arguments("servr.4=d:2888:3888", "unknown key servr.4; did you mean server.4?" + NOT_IN_ENSEMBLE),
                arguments("srever.4=d:2888:3888", "unknown key srever.4; did you mean server.4?" + NOT_IN_ENSEMBLE),
                arguments("server4=d:2888:3888", "unknown key server4; did you mean server.4?" + NOT_IN_ENSEMBLE),
                arguments("server_4=d:2888:3888", "unknown key server_4; did you mean server.4?" + NOT_IN_ENSEMBLE),
                arguments("Server.4=d:2888:3888", "unknown key Server.4; did you mean server.4?" + NOT_IN_ENSEMBLE),
                arguments("SERVER.4=d:2888:3888", "unknown key SERVER.4; did you mean server.4?" + NOT_IN_ENSEMBLE),
                arguments("servers.4=d:2888:3888", "unknown key servers.4; did you mean server.4?" + NOT_IN_ENSEMBLE),
                arguments("server=d:2888:3888", "unknown key server; did you mean server.N? (N is the server's id) "
                        + "Start-up stops here: ignoring this line would leave a server out of the ensemble"),
                arguments("group1=1:2:3", "unknown key group1; did you mean group.1? Start-up stops here: ignoring "
                        + "this line would change the quorum's groups"),
                arguments("gruop.1=1:2:3", "unknown key gruop.1; did you mean group.1? Start-up stops here: ignoring "
                        + "this line would change the quorum's groups"),
                arguments("weigth.1=2", "unknown key weigth.1; did you mean weight.1? Start-up stops here: ignoring "
                        + "this line would change the quorum's weights"),
                arguments("Weight.1=2", "unknown key Weight.1; did you mean weight.1? Start-up stops here: ignoring "
                        + "this line would change the quorum's weights"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ensembleTypos")
    void mistypedEnsembleKey_stopsStartUp(String line, String problem) throws IOException {
        Path file = write(HEAD + line + "\n");
        ConfigException e = assertThrows(ConfigException.class, () -> ZooCfgParser.parse(file, warnings::add));
        assertEquals(file + ":5: " + problem, e.getMessage());
    }

    static Stream<Arguments> otherUnknownKeys() {
        return Stream.of(
                arguments("tickTim=2000", "unknown key tickTim; ignored (did you mean tickTime?)"),
                arguments("ticktime=2000", "unknown key ticktime; ignored (did you mean tickTime?)"),
                arguments("tickTmie=2000", "unknown key tickTmie; ignored (did you mean tickTime?)"),
                arguments("synclimit=5", "unknown key synclimit; ignored (did you mean syncLimit?)"),
                arguments("initLimt=5", "unknown key initLimt; ignored (did you mean initLimit?)"),
                arguments("datadir=/d", "unknown key datadir; ignored (did you mean dataDir?)"),
                arguments("clientport=2181", "unknown key clientport; ignored (did you mean clientPort?)"),
                arguments("ballot.election.finalizeWiat=10",
                        "unknown key ballot.election.finalizeWiat; ignored (did you mean ballot.election.finalizeWait?)"),
                arguments("sslQuorm=true", "unknown key sslQuorm; ignored (did you mean sslQuorum?)"),
                arguments("autopurg.purgeInterval=1",
                        "unknown key autopurg.purgeInterval; ignored (did you mean autopurge.purgeInterval?)"),
                // too far from every known key for a guess
                arguments("noSuchKey=1", "unknown key noSuchKey; ignored"),
                arguments("tick=1", "unknown key tick; ignored"),
                // a number on a word that is no ensemble word is only a warning
                arguments("peer.4=x", "unknown key peer.4; ignored"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("otherUnknownKeys")
    void otherUnknownKey_warnsOnceWithTheClosestKnownKey(String line, String warning) throws IOException {
        Path file = write(HEAD + line + "\n");
        ZooCfgParser.parse(file, warnings::add, notes::add);
        assertEquals(List.of(file + ":5: " + warning), warnings);
        assertEquals(List.of(), notes);
    }

    @Test
    void zooKeeperKeysBallotIgnores_areOneNote_notWarnings() throws IOException {
        Path file = write(HEAD + "clientPort=2181\ndataLogDir=/logs\nautopurge.snapRetainCount=3\n"
                + "autopurge.purgeInterval=1\n4lw.commands.whitelist=stat, ruok\nmetricsProvider.httpPort=7000\n"
                + "maxClientCnxns=60\nadmin.serverPort=0\n");
        ZooCfgParser.parse(file, warnings::add, notes::add);
        assertEquals(List.of(), warnings);
        assertEquals(List.of(file + ": ZooKeeper settings that Ballot does not use, ignored: clientPort (line 5), "
                + "dataLogDir (line 6), autopurge.snapRetainCount (line 7), autopurge.purgeInterval (line 8), "
                + "4lw.commands.whitelist (line 9), metricsProvider.httpPort (line 10), maxClientCnxns (line 11)"), notes);
    }

    @Test
    void noIgnoredKeys_noNote() throws IOException {
        ZooCfgParser.parse(write(HEAD), warnings::add, notes::add);
        assertEquals(List.of(), notes);
        assertEquals(List.of(), warnings);
    }

    static Stream<Arguments> distances() {
        return Stream.of(arguments("tickTime", "tickTime", 0), arguments("ticktime", "tickTime", 0),
                arguments("tickTim", "tickTime", 1), arguments("tickTmie", "tickTime", 1),
                arguments("sever", "server", 1), arguments("srever", "server", 1), arguments("", "abc", 3),
                arguments("kitten", "sitting", 3));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("distances")
    void editDistance(String a, String b, int distance) {
        assertEquals(distance, Spelling.distance(a, b));
        assertEquals(distance, Spelling.distance(b, a));
    }
}
