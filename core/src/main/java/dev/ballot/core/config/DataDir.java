package dev.ballot.core.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Checks {@code dataDir} (and {@code dataDir/version-2}, if it exists) before start-up reads or writes
 * anything in it, so that an operator hears "dataDir /var/zk does not exist" rather than "myid:
 * missing" or a bare I/O error later. Each problem names the path, says what is wrong and what to do.
 * Writability is asked of the operating system (it knows read-only mounts and root's rights).
 *
 * <p>Stateless; thread-safe. Blocking file-system calls: call it from {@code main}.
 */
public final class DataDir {
    private DataDir() {
    }

    /**
     * Checks {@code config.dataDir()}; a directory owned by another user that this one may still write
     * is a warning (files written now would belong to this user), handed to {@code warnings}.
     *
     * @throws ConfigException if dataDir is missing, not a directory, or not writable
     */
    public static void check(EnsembleConfig config, Consumer<String> warnings) {
        Path dir = config.dataDir();
        String source = config.source().map(p -> " (dataDir in " + p + ")").orElse(" (dataDir)");
        if (!Files.exists(dir)) {
            throw new ConfigException(dir, 0, "does not exist" + source + "; create it (mkdir -p " + dir
                    + ") and write this server's id into " + dir.resolve(MyIdFile.NAME) + ", or point dataDir at "
                    + "the directory that holds them");
        }
        if (!Files.isDirectory(dir)) {
            throw new ConfigException(dir, 0, "is not a directory" + source + "; point dataDir at the directory "
                    + "that holds myid and version-2");
        }
        writable(dir, source);
        Path versions = dir.resolve("version-2");
        if (Files.exists(versions, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(versions)) {
            throw new ConfigException(versions, 0, "is not a directory; it must hold the epoch files "
                    + "(move it away: Ballot creates the directory on the first start)");
        }
        if (Files.isDirectory(versions)) {
            writable(versions, "");
        }
        owner(dir).filter(o -> !o.equals(currentUser())).ifPresent(o -> warnings.accept(dir + ": owned by " + o
                + ", but this server runs as " + currentUser() + "; files it creates there will belong to "
                + currentUser() + " (run the server as " + o + ", or chown -R " + currentUser() + " " + dir + ")"));
    }

    private static void writable(Path dir, String source) {
        if (Files.isWritable(dir)) {
            return;
        }
        String user = currentUser();
        if (readOnlyFileSystem(dir)) {
            throw new ConfigException(dir, 0, "is on a read-only file system" + source + "; Ballot must write "
                    + "its epoch files there: remount it read-write, or point dataDir at a writable directory");
        }
        Optional<String> owner = owner(dir);
        if (owner.isPresent() && !owner.get().equals(user)) {
            throw new ConfigException(dir, 0, "is owned by " + owner.get() + " and not writable by " + user
                    + ", the user this server runs as" + source + "; run the server as " + owner.get()
                    + ", or chown -R " + user + " " + dir);
        }
        throw new ConfigException(dir, 0, "is not writable by " + user + ", the user this server runs as" + source
                + "; make it writable (chmod u+rwx " + dir + ")");
    }

    private static boolean readOnlyFileSystem(Path dir) {
        try {
            return Files.getFileStore(dir).isReadOnly();
        } catch (IOException e) {
            return false;
        }
    }

    private static Optional<String> owner(Path p) {
        try {
            UserPrincipal owner = Files.getOwner(p);
            return Optional.of(owner.getName());
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.empty();
        }
    }

    private static String currentUser() {
        return System.getProperty("user.name", "this user");
    }
}
