package dev.ballot.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The version Maven filtered into {@code ballot-version.properties}. Thread-safe. */
public final class BallotVersion {
    private static final String VERSION = load();

    private BallotVersion() {
    }

    /** E.g. {@code 0.1.0-SNAPSHOT}; "unknown" outside a build. */
    public static String get() {
        return VERSION;
    }

    private static String load() {
        Properties p = new Properties();
        try (InputStream in = BallotVersion.class.getResourceAsStream("/ballot-version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p.getProperty("version", "unknown");
    }
}
