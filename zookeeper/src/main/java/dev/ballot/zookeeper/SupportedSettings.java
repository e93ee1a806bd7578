package dev.ballot.zookeeper;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.zookeeper.server.quorum.QuorumPeerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What ballot-zookeeper refuses or ignores in a zoo.cfg that ZooKeeper itself accepted: dynamic reconfiguration
 * ({@code reconfigEnabled=true}), quorum SASL ({@code quorum.auth.enableSasl=true}) and the two-server oracle
 * ({@code oraclePath}) stop start-up with one message; settings of ZooKeeper's connection manager that Ballot does not implement are named once at WARN.
 */
final class SupportedSettings {
    private static final Logger LOG = LoggerFactory.getLogger(SupportedSettings.class);
    static final String SASL_KEY = "quorum.auth.enableSasl";

    private SupportedSettings() {
    }

    /** @throws UnsupportedSettingException naming the file, the key and what to do instead */
    static void check(QuorumPeerConfig config) {
        String file = config.getConfigFilename();
        if (config.isReconfigEnabled()) {
            throw new UnsupportedSettingException(file + ": reconfigEnabled=true is not supported by ballot-zookeeper"
                    + " (its election uses the static server.N list); set reconfigEnabled=false, or run stock ZooKeeper"
                    + " on this server to reconfigure the ensemble");
        }
        Properties raw = read(file);
        if (Boolean.parseBoolean(raw.getProperty(SASL_KEY, "false").trim())) {
            throw new UnsupportedSettingException(file + ": " + SASL_KEY + "=true is not supported by ballot-zookeeper"
                    + " (no quorum SASL on its election connections); use sslQuorum=true with ssl.quorum.* for"
                    + " authenticated quorum connections, or run stock ZooKeeper on this server");
        }
        if (!raw.getProperty("oraclePath", "").isBlank()) {
            throw new UnsupportedSettingException(file + ": oraclePath is not supported by ballot-zookeeper (its election"
                    + " has no failure-detector oracle for two-server ensembles); remove it, or run stock ZooKeeper");
        }
        warnIgnored(raw, "sslQuorumReloadCertFiles", "certificates are read once at start-up");
        warnIgnored(raw, "multiAddress.reachabilityCheckEnabled", "a multi-address peer's addresses are tried in turn");
        warnIgnored(raw, "quorum.cnxn.threads.size", "Ballot's election starts no connection threads");
    }

    private static void warnIgnored(Properties raw, String key, String why) {
        if (raw.containsKey(key)) {
            LOG.warn("zoo.cfg key {} does not apply to Ballot's election and is ignored: {}", key, why);
        }
    }

    private static Properties read(String file) {
        Properties p = new Properties();
        if (file == null) {
            return p;
        }
        try (InputStream in = Files.newInputStream(Path.of(file))) {
            p.load(in);
        } catch (IOException e) {
            throw new UnsupportedSettingException(file + ": cannot re-read the configuration: " + e);
        }
        return p;
    }
}
