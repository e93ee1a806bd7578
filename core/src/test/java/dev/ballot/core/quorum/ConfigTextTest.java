package dev.ballot.core.quorum;

import dev.ballot.core.config.EnsembleConfig;
import dev.ballot.core.config.ZooCfgParser;
import org.apache.zookeeper.server.quorum.flexible.QuorumHierarchical;
import org.apache.zookeeper.server.quorum.flexible.QuorumMaj;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * docs/protocol.md "The config payload": the config text Ballot writes is the text ZooKeeper 3.9.5's {@code QuorumMaj} /
 * {@code QuorumHierarchical} {@code toString()} gives for the same ensemble, and parses back.
 */
class ConfigTextTest {
    private static final String MULTI_ADDRESS = "zookeeper.multiAddress.enabled";
    private static String previousMultiAddress;

    @TempDir
    Path dir;

    @BeforeAll
    static void allowMultiAddressInZooKeeper() {
        previousMultiAddress = System.getProperty(MULTI_ADDRESS);
        System.setProperty(MULTI_ADDRESS, "true"); // ZooKeeper parses '|' lists only with this JVM property
    }

    @AfterAll
    static void restore() {
        if (previousMultiAddress == null) {
            System.clearProperty(MULTI_ADDRESS);
        } else {
            System.setProperty(MULTI_ADDRESS, previousMultiAddress);
        }
    }

    /** The ensembles, as zoo.cfg lines ({@code \n} written as {@code ~}). */
    static final String[] ENSEMBLES = {
            "server.1=127.0.0.1:2888:3888~server.2=127.0.0.1:2889:3889~server.3=127.0.0.1:2890:3890",
            "server.1=zk1.example.com:2888:3888;2181~server.2=10.0.0.2:2888:3888:participant;10.0.0.2:2181"
                    + "~server.3=[2001:DB8::3]:2888:3888~server.4=zk4:2888:3888:observer~server.5=[::1]:1:2:Observer;[::1]:3",
            "server.1=b.example:5:6|a.example:7:8|[::1]:9:10;2181~server.2=z:1:9|a:2:8~server.3=c:2888:3888",
            "server.1=a:1:2~server.2=b:1:2~server.3=c:1:2~server.4=d:1:2~server.5=e:1:2~server.6=f:1:2:observer"
                    + "~group.1=1:2:3~group.2=4:5~weight.1=0~weight.4=7",
            "server.0=h0:1:2~server.3=h3:1:2~server.10=h10:1:2~server.100=h100:1:2~server.1000000000000=hx:1:2"
                    + "~server.15=h15:1:2:observer",
    };

    private static String zooKeeperText(String lines) {
        var props = ZooKeeperVerifiers.properties(lines);
        try {
            return props.stringPropertyNames().stream().anyMatch(k -> k.startsWith("group") || k.startsWith("weight"))
                    ? new QuorumHierarchical(props).toString() : new QuorumMaj(props).toString();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private EnsembleConfig parseZooCfg(String lines) throws IOException {
        Path file = Files.writeString(dir.resolve("zoo.cfg"), "dataDir=/d\n" + lines + "\n");
        return ZooCfgParser.parse(file, w -> { });
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(ints = {0, 1, 2, 3, 4})
    void zooCfgEnsemble_writesZooKeepersTextByteForByte(int index) throws IOException {
        String lines = ENSEMBLES[index].replace('~', '\n');
        String expected = zooKeeperText(lines);
        String actual = parseZooCfg(lines).quorum().toConfigString();

        List<String> actualLines = List.of(actual.split("\n", -1));
        assertEquals(Set.copyOf(List.of(expected.split("\n", -1))), Set.copyOf(actualLines));
        assertEquals("version=0", actualLines.get(actualLines.size() - 1));
        assertEquals(expected, actual); // same HashMap order too
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(ints = {0, 1, 2, 3, 4})
    void zooKeepersText_parsesToTheSameEnsemble(int index) throws IOException {
        String lines = ENSEMBLES[index].replace('~', '\n');
        String zkText = zooKeeperText(lines);
        QuorumVerifier parsed = ConfigText.parse(zkText);
        QuorumVerifier fromZooCfg = parseZooCfg(lines).quorum();

        assertEquals(zkText, parsed.toConfigString());
        assertEquals(fromZooCfg.getClass(), parsed.getClass());
        assertEquals(fromZooCfg.votingMembers().keySet(), parsed.votingMembers().keySet());
        assertEquals(fromZooCfg.observingMembers().keySet(), parsed.observingMembers().keySet());
    }

    @ParameterizedTest(name = "version={0}")
    @ValueSource(strings = {"0", "1", "100000000", "7fffffffffffffff"})
    void version_isLowerCaseHexAndLast(String hex) throws Exception {
        String text = "server.1=a:1:2:participant\nserver.2=b:1:2:participant\nversion=" + hex;
        QuorumVerifier q = ConfigText.parse(text);
        assertEquals(Long.parseLong(hex, 16), q.version());
        QuorumMaj zk = new QuorumMaj(ZooKeeperVerifiers.properties(text));
        assertEquals(zk.toString(), q.toConfigString());
        assertTrue(q.toConfigString().endsWith("\nversion=" + hex));
    }

    @Test
    void hierarchicalText_parsesWithGroupsAndWeights() {
        HierarchicalQuorumVerifier q = assertInstanceOf(HierarchicalQuorumVerifier.class, ConfigText.parse(
                "server.1=a:1:2:participant\nserver.2=b:1:2:participant\nserver.3=c:1:2:participant\n"
                        + "group.1=1:2\ngroup.2=3\nweight.1=1\nweight.2=0\nweight.3=1\nversion=0"));
        assertEquals(0, q.weight(2));
        assertEquals(Set.of(1L, 2L), q.groups().get(1L));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            server.1=a:1:2~clientPort=2181         | unexpected key 'clientPort' in config text
            server.x=a:1:2                          | server.x: 'x' is not a number
            server.1=a:1:2~version=zz               | version: 'zz' is not a hex number
            server.1=a:1:2~server.2=b:1:2~group.1=1 | server.2 is a participant in no group
            server.1=a:1                            | 'a:1' has no election port
            server.1=a:1:2~group.1=1:x              | group.1: 'x' is not a number
            """)
    void badText_isRefusedWithAReason(String text, String problem) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ConfigText.parse(text.replace('~', '\n')));
        assertTrue(e.getMessage().contains(problem), e.getMessage());
    }

    @Test
    void emptyText_isAnEnsembleWithoutMembers() {
        QuorumVerifier q = ConfigText.parse("");
        assertEquals(0, q.allMembers().size());
        assertEquals("version=0", q.toConfigString());
    }
}
