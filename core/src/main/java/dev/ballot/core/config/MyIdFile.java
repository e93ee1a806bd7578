package dev.ballot.core.config;

import dev.ballot.core.Reasons;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads {@code <dataDir>/myid}, the file that tells a server its sid (docs/protocol.md "Start-up"), as ZooKeeper does:
 * the first line, parsed as a long, with nothing around it (a line terminator after it is fine,
 * spaces are not). Every error names the file.
 *
 * <p>Stateless; thread-safe. Blocking file I/O.
 */
public final class MyIdFile {
    /** The file name inside {@code dataDir}. */
    public static final String NAME = "myid";

    private MyIdFile() {
    }

    /**
     * The sid in {@code <dataDir>/myid}.
     *
     * @throws ConfigException if the file is missing, unreadable or does not hold a sid {@code >= 0}
     */
    public static long read(Path dataDir) {
        Path file = dataDir.resolve(NAME);
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file, 0, "missing; write this server's id (the N of its server.N line) into it: "
                    + "echo N > " + file);
        } catch (IOException e) {
            throw new ConfigException(file, 0, "cannot read: " + Reasons.of(e), e);
        }
        String first = text.split("\r\n|\r|\n", -1)[0];
        if (first.isEmpty()) {
            throw new ConfigException(file, 1, (text.isEmpty() ? "empty" : "first line empty") + "; write this server's "
                    + "id (the N of its server.N line) into it: echo N > " + file);
        }
        long sid;
        try {
            sid = Long.parseLong(first);
        } catch (NumberFormatException e) {
            throw new ConfigException(file, 1, "'" + printable(first) + "' is not a server id; the first line must be "
                    + "the N of this server's server.N line alone, without spaces: echo N > " + file);
        }
        if (sid < 0) {
            throw new ConfigException(file, 1, "server id " + sid + " is negative");
        }
        return sid;
    }

    /**
     * The sid in {@code <dataDir>/myid} of {@code config}, checked to have a {@code server.N} line.
     *
     * @throws ConfigException as {@link #read(Path)}, or naming both files when the sid is not configured
     */
    public static long readFor(EnsembleConfig config) {
        long sid = read(config.dataDir());
        if (config.server(sid).isEmpty()) {
            String source = config.source().map(Path::toString).orElse("the configuration");
            throw new ConfigException(config.dataDir().resolve(NAME), 1, "server id " + sid + " has no server." + sid
                    + " line in " + source + " (configured: " + config.quorum().allMembers().keySet() + "); write the id "
                    + "of this server's line into myid, or add a server." + sid + " line");
        }
        return sid;
    }

    private static String printable(String s) {
        String cut = s.length() > 40 ? s.substring(0, 40) + "..." : s;
        return cut.replace("\t", "\\t").replace("\0", "\\0");
    }
}
