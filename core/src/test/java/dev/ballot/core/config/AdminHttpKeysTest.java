package dev.ballot.core.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The {@code ballot.admin.*} keys: the admin HTTP server's limits. */
class AdminHttpKeysTest {
    @TempDir
    Path dir;

    private EnsembleConfig parse(String extra, List<String> warnings) throws IOException {
        Path f = dir.resolve("zoo.cfg");
        Files.writeString(f, "dataDir=" + dir + "\nserver.1=127.0.0.1:2888:3888\n" + extra);
        return ZooCfgParser.parse(f, warnings::add);
    }

    @Test
    void defaultsWhenAbsent() throws IOException {
        assertEquals(AdminHttpSettings.DEFAULTS, parse("", new ArrayList<>()).adminHttp());
    }

    @Test
    void everyKeyIsRead_withoutWarnings() throws IOException {
        List<String> warnings = new ArrayList<>();
        EnsembleConfig c = parse("ballot.admin.idleTimeout=5000\nballot.admin.requestTimeout=2000\n"
                + "ballot.admin.maxConnections=16\nballot.admin.maxWatchers=4\nballot.admin.watchHeartbeat=1000\n", warnings);
        assertEquals(new AdminHttpSettings(Duration.ofSeconds(5), Duration.ofSeconds(2), 16, 4, Duration.ofSeconds(1)),
                c.adminHttp());
        assertTrue(warnings.isEmpty(), warnings.toString());
    }

    @Test
    void aBadValueNamesTheFileAndLine() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> parse("ballot.admin.maxConnections=0\n", new ArrayList<>()));
        assertTrue(e.getMessage().contains("zoo.cfg:3"), e.getMessage());
        assertTrue(e.getMessage().contains("ballot.admin.maxConnections"), e.getMessage());
    }
}
