package dev.ballot.core.store;

import dev.ballot.core.Reasons;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.OptionalLong;

/**
 * The {@code currentEpoch} and {@code acceptedEpoch} files under {@code <dataDir>/version-2/}, in
 * ZooKeeper's format (docs/protocol.md "Start-up"): the epoch as an ASCII decimal long, no newline.
 *
 * <ul>
 *   <li><b>Read:</b> the first line is parsed as a long (a trailing line terminator is tolerated,
 *       spaces are not). A missing file reads as empty: a fresh peer. Anything else (empty file,
 *       garbage) is an {@link EpochFileException} naming the file; the file is left untouched.</li>
 *   <li><b>Write:</b> {@code <name>.tmp} is written and fsynced, renamed over {@code <name>} atomically,
 *       and the directory is fsynced, so a crash leaves the old value or the new one, never a torn
 *       one. A write over a file that does not parse is refused ({@link EpochFileException}).</li>
 *   <li><b>Leftover temp files</b> ({@code currentEpoch.tmp}, {@code acceptedEpoch.tmp}) from a crash
 *       before the rename are ignored and deleted by {@link #open}. The rename is the commit point:
 *       a value that never got renamed was never acknowledged to anyone. ZooKeeper instead adopts
 *       {@code currentEpoch.tmp} when its transaction log is ahead of {@code currentEpoch}
 *       (ZOOKEEPER-4269); Ballot has no transaction log, so that case cannot arise.</li>
 * </ul>
 *
 * <p>Thread-safe (writes are serialized). Every method does blocking file I/O: call it from a
 * blocking executor or {@code main}, never from an event loop.
 */
public final class EpochStore {
    private static final Logger LOG = LoggerFactory.getLogger(EpochStore.class);

    /** The subdirectory of {@code dataDir} that holds the epoch files, as in ZooKeeper. */
    public static final String VERSION_DIR = "version-2";
    public static final String CURRENT_EPOCH = "currentEpoch";
    public static final String ACCEPTED_EPOCH = "acceptedEpoch";
    /** Suffix of the temporary file a write goes through. */
    public static final String TMP_SUFFIX = ".tmp";
    private static final int MAX_SHOWN = 40;

    private final Path dir;

    private EpochStore(Path dir) {
        this.dir = dir;
    }

    /**
     * Opens the store of {@code dataDir} and deletes leftover temp files (logged at WARN with their
     * content). The directory is created on the first write.
     */
    public static EpochStore open(Path dataDir) throws IOException {
        EpochStore store = new EpochStore(dataDir.resolve(VERSION_DIR));
        store.removeLeftover(CURRENT_EPOCH);
        store.removeLeftover(ACCEPTED_EPOCH);
        return store;
    }

    /** {@code <dataDir>/version-2}. */
    public Path directory() {
        return dir;
    }

    /** The persisted current epoch; empty if the file does not exist. */
    public OptionalLong currentEpoch() throws IOException {
        return read(CURRENT_EPOCH);
    }

    /** The persisted accepted epoch; empty if the file does not exist. */
    public OptionalLong acceptedEpoch() throws IOException {
        return read(ACCEPTED_EPOCH);
    }

    /**
     * Both epochs, checked as ZooKeeper checks them at startup: an accepted epoch lower than the
     * current epoch is an error (docs/protocol.md "Start-up").
     */
    public PersistedEpochs load() throws IOException {
        OptionalLong current = currentEpoch();
        OptionalLong accepted = acceptedEpoch();
        if (current.isPresent() && accepted.isPresent() && accepted.getAsLong() < current.getAsLong()) {
            throw new EpochFileException(dir.resolve(ACCEPTED_EPOCH), "acceptedEpoch " + accepted.getAsLong()
                    + " is lower than currentEpoch " + current.getAsLong() + " in " + dir.resolve(CURRENT_EPOCH)
                    + "; the peer's state is inconsistent");
        }
        return new PersistedEpochs(current, accepted);
    }

    /** Persists {@code epoch} as the current epoch, atomically and durably. */
    public synchronized void writeCurrentEpoch(long epoch) throws IOException {
        write(CURRENT_EPOCH, epoch);
    }

    /** Persists {@code epoch} as the accepted epoch, atomically and durably. */
    public synchronized void writeAcceptedEpoch(long epoch) throws IOException {
        write(ACCEPTED_EPOCH, epoch);
    }

    private OptionalLong read(String name) throws IOException {
        Path file = dir.resolve(name);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return OptionalLong.empty();
        }
        String text = new String(bytes, StandardCharsets.US_ASCII);
        String first = text.split("\r\n|\r|\n", -1)[0];
        if (first.isEmpty()) {
            throw new EpochFileException(file, (bytes.length == 0 ? "empty" : "first line empty")
                    + " (truncated?); expected a decimal epoch; fix or remove the file by hand");
        }
        try {
            return OptionalLong.of(Long.parseLong(first));
        } catch (NumberFormatException e) {
            throw new EpochFileException(file, "'" + shown(first) + "' is not a decimal epoch; fix or remove "
                    + "the file by hand");
        }
    }

    private void write(String name, long epoch) throws IOException {
        read(name); // refuses to replace a file that does not parse
        Files.createDirectories(dir);
        Path target = dir.resolve(name);
        Path tmp = dir.resolve(name + TMP_SUFFIX);
        ByteBuffer bytes = ByteBuffer.wrap(Long.toString(epoch).getBytes(StandardCharsets.US_ASCII));
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            while (bytes.hasRemaining()) {
                ch.write(bytes);
            }
            ch.force(true);
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        fsyncDirectory();
        LOG.debug("{}: wrote {}", target, epoch);
    }

    private void fsyncDirectory() throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // Some platforms (Windows) cannot open a directory as a channel; the rename is still atomic there.
            LOG.debug("{}: cannot fsync the directory: {}", dir, e.toString());
        }
    }

    private void removeLeftover(String name) throws IOException {
        Path tmp = dir.resolve(name + TMP_SUFFIX);
        if (!Files.exists(tmp)) {
            return;
        }
        byte[] content;
        try {
            content = Files.readAllBytes(tmp);
        } catch (IOException e) {
            throw new IOException("cannot read " + tmp + ", left over from an interrupted write: " + Reasons.of(e)
                    + "; remove it by hand (" + dir.resolve(name) + " stays authoritative)", e);
        }
        LOG.warn("{}: leftover from an interrupted write (content '{}'), ignored and deleted; {} stays authoritative",
                tmp, shown(new String(content, StandardCharsets.US_ASCII)), dir.resolve(name));
        Files.delete(tmp);
    }

    private static String shown(String s) {
        String cut = s.length() > MAX_SHOWN ? s.substring(0, MAX_SHOWN) + "..." : s;
        StringBuilder sb = new StringBuilder();
        cut.chars().forEach(c -> sb.append(c >= 0x20 && c < 0x7f ? String.valueOf((char) c) : String.format("\\x%02x", c)));
        return sb.toString();
    }
}
