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
import java.util.OptionalInt;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** Each malformed zoo.cfg fails with {@code <file>:<line>: <problem>} pointing at the line at fault. */
class ZooCfgParserMalformedTest {
    /** Lines 1..4; the case's own lines start at line 5. */
    private static final String HEAD = "dataDir=/d\nserver.1=a:2888:3888\nserver.2=b:2888:3888\nserver.3=c:2888:3888\n";

    @TempDir
    Path dir;

    static Stream<Arguments> malformed() {
        return Stream.of(
                arguments("non-numeric sid", "server.x=d:1:2", 5, "'server.x': 'x' is not a number"),
                arguments("negative sid", "server.-4=d:1:2", 5, "'server.-4': ids must be >= 0"),
                arguments("election port missing", "server.4=d:2888", 5, "'d:2888' has no election port"),
                arguments("port out of range", "server.4=d:70000:3888", 5, "quorum port 70000 is out of range 1..65535"),
                arguments("port not a number", "server.4=d:2888:x", 5, "election port 'x' is not a number"),
                arguments("same quorum and election port", "server.4=d:2888:2888", 5,
                        "quorum port and election port must differ"),
                arguments("unknown server type", "server.4=d:1:2:voter", 5, "unknown server type 'voter'"),
                arguments("IPv6 without brackets", "server.4=fe80::1:1:2", 5, "IPv6 literals go in brackets"),
                arguments("bad IPv6 literal", "server.4=[zz::1]:1:2", 5, "'zz::1' is not an IPv6 literal"),
                arguments("IPv6 literal with two ::", "server.4=[1::2::3]:1:2", 5, "'1::2::3' is not an IPv6 literal"),
                arguments("mixed types in one server", "server.4=d:1:2:observer|e:3:4:participant", 5,
                        "mixes participant and observer addresses"),
                arguments("two client sections", "server.4=d:1:2;2181;2281", 5, "has more than one ';'"),
                arguments("bad client port", "server.4=d:1:2;[::1]", 5, "client port '[::1]' is not a number"),
                arguments("sid given twice", "tickTime=100\nserver.01=d:1:2", 6, "server.01 repeats id 1 of server.1 (line 2)"),
                arguments("electionAlg other than 3", "electionAlg=1", 5, "electionAlg=1: only 3"),
                arguments("tickTime not a number", "tickTime=3s", 5, "tickTime='3s' is not a whole number"),
                arguments("initLimit zero", "initLimit=0", 5, "initLimit=0 is out of range 1..2147483647"),
                arguments("boolean not true/false", "quorumListenOnAllIPs=yes", 5,
                        "quorumListenOnAllIPs='yes': write true or false"),
                arguments("peerType unknown", "peerType=leader", 5, "peerType='leader': expected participant or observer"),
                arguments("admin port out of range", "admin.serverPort=65536", 5, "admin.serverPort=65536 is out of range 0..65535"),
                arguments("server in two groups", "group.1=1:2\ngroup.2=2:3", 6,
                        "group.2: server.2 is already in group.1 (line 5)"),
                arguments("participant in no group", "group.1=1:2", 4, "server.3 is in no group"),
                arguments("group lists unknown sid", "group.1=1:2:3:9", 5, "group.1 lists 9, but there is no server.9 line"),
                arguments("group lists an observer", "server.4=d:1:2:observer\ngroup.1=1:2:3:4", 6,
                        "group.1 lists server.4, an observer"),
                arguments("group member not a number", "group.1=1:two:3", 5, "group.1: 'two' is not a server id"),
                arguments("negative weight", "group.1=1:2:3\nweight.1=-1", 6, "weight.1=-1 is out of range 0.."),
                arguments("weight for an observer", "server.4=d:1:2:observer\ngroup.1=1:2:3\nweight.4=2", 7,
                        "weight.4: server.4 is an observer"),
                arguments("weight for an unknown sid", "group.1=1:2:3\nweight.9=2", 6, "weight.9: there is no server.9 line"),
                arguments("sslQuorum without key store", "sslQuorum=true", 5,
                        "sslQuorum=true needs ssl.quorum.keyStore.location"),
                arguments("key store type unknown", "ssl.quorum.keyStore.type=XYZ", 5,
                        "ssl.quorum.keyStore.type='XYZ': expected one of PEM, PKCS12, JKS, BCFKS"),
                arguments("sid identity for unknown sid", "ballot.quorum.tls.sidIdentity.7=x", 5,
                        "ballot.quorum.tls.sidIdentity.7: there is no server.7 line"),
                arguments("min interval above max", "fastleader.minNotificationInterval=500\n"
                        + "fastleader.maxNotificationInterval=400", 6, "exceeds fastleader.maxNotificationInterval (400 ms)"),
                arguments("dynamic config file", "dynamicConfigFile=/conf/zoo.cfg.dynamic.100000000", 5,
                        "dynamicConfigFile is not supported by Ballot"),
                arguments("malformed unicode escape", "tickTime=\\u12", 5, "malformed \\uHHHH escape"),
                arguments("sid with another's host and ports", "server.4=c:2888:3888", 5,
                        "server.4 uses c:2888, as server.3 (line 4) does; every server needs its own quorum and "
                                + "election ports"),
                arguments("sid with another's election port", "server.4=c:2999:3888", 5,
                        "server.4 uses c:3888, as server.3 (line 4) does"),
                arguments("host case differs only", "server.4=C:2888:3888", 5, "server.4 uses C:2888, as server.3"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void malformedConfig_failsAtItsLine(String name, String lines, int line, String problem) throws IOException {
        Path file = Files.writeString(dir.resolve("zoo.cfg"), HEAD + lines + "\n", StandardCharsets.UTF_8);
        ConfigException e = assertThrows(ConfigException.class, () -> ZooCfgParser.parse(file, w -> { }));
        assertTrue(e.getMessage().startsWith(file + ":" + line + ": "), e.getMessage());
        assertTrue(e.problem().contains(problem), e.getMessage());
        assertEquals(OptionalInt.of(line), e.line());
    }

    static Stream<Arguments> malformedWithoutLine() {
        return Stream.of(
                arguments("server.1=a:1:2\nserver.2=b:1:2", "dataDir is not set"),
                arguments("dataDir=/d\nserver.1=a:1:2:observer\nserver.2=b:1:2:observer", "every server is an observer"),
                arguments("dataDir=/d\nserver.1=a:1:2\nserver.2=b:1:2:observer", "one participant with observers"),
                arguments("dataDir=/d\nserver.1=a:1:2\ngroup.1=1\nweight.1=0", "every group has weight 0"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("malformedWithoutLine")
    void fileWideProblem_namesTheFileOnly(String text, String problem) throws IOException {
        Path file = Files.writeString(dir.resolve("zoo.cfg"), text, StandardCharsets.UTF_8);
        ConfigException e = assertThrows(ConfigException.class, () -> ZooCfgParser.parse(file, w -> { }));
        assertTrue(e.getMessage().startsWith(file + ": " + problem), e.getMessage());
        assertEquals(OptionalInt.empty(), e.line());
    }

    @Test
    void notUtf8_namesTheLine() throws IOException {
        byte[] bytes = (HEAD + "# caf\u00e9\n").getBytes(StandardCharsets.ISO_8859_1);
        Path file = Files.write(dir.resolve("zoo.cfg"), bytes);
        ConfigException e = assertThrows(ConfigException.class, () -> ZooCfgParser.parse(file, w -> { }));
        assertTrue(e.getMessage().startsWith(file + ":5: not UTF-8 text"), e.getMessage());
    }
}
