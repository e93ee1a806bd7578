package dev.ballot.zookeeper;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.zookeeper.server.quorum.QuorumPeerConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What ballot-zookeeper refuses at start-up, with a message that says what to do. */
class SupportedSettingsTest {
    @TempDir
    Path dir;

    @AfterEach
    void resetZooKeepersStaticFlag() {
        QuorumPeerConfig.setReconfigEnabled(false); // a static in ZooKeeper's config class
    }

    private QuorumPeerConfig parse(String extra) throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        Files.writeString(data.resolve("myid"), "1\n");
        Path cfg = dir.resolve("zoo.cfg");
        Files.writeString(cfg, "tickTime=500\ninitLimit=5\nsyncLimit=2\ndataDir=" + data + "\nclientPort=2181\n"
                + "server.1=127.0.0.1:2001:3001\nserver.2=127.0.0.1:2002:3002\nserver.3=127.0.0.1:2003:3003\n" + extra);
        QuorumPeerConfig c = new QuorumPeerConfig();
        c.parse(cfg.toString());
        return c;
    }

    @Test
    void plainConfigPasses() throws Exception {
        SupportedSettings.check(parse(""));
    }

    @Test
    void reconfigEnabledIsRefusedNamingTheFileAndTheKey() throws Exception {
        QuorumPeerConfig c = parse("reconfigEnabled=true\n");
        UnsupportedSettingException e = assertThrows(UnsupportedSettingException.class, () -> SupportedSettings.check(c));
        assertTrue(e.getMessage().contains("zoo.cfg") && e.getMessage().contains("reconfigEnabled=true"), e.getMessage());
    }

    @Test
    void theTwoServerOracleIsRefused() throws Exception {
        QuorumPeerConfig c = parse("oraclePath=" + dir.resolve("oracle") + "\n");
        UnsupportedSettingException e = assertThrows(UnsupportedSettingException.class, () -> SupportedSettings.check(c));
        assertTrue(e.getMessage().contains("oraclePath"), e.getMessage());
    }

    @Test
    void quorumSaslIsRefused() throws Exception {
        QuorumPeerConfig c = parse("quorum.auth.enableSasl=true\n");
        UnsupportedSettingException e = assertThrows(UnsupportedSettingException.class, () -> SupportedSettings.check(c));
        assertTrue(e.getMessage().contains("quorum.auth.enableSasl=true") && e.getMessage().contains("sslQuorum"),
                e.getMessage());
    }
}
