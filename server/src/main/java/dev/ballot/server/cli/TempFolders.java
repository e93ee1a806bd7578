package dev.ballot.server.cli;

import dev.ballot.core.Reasons;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Removes the temporary folder {@code local} created for itself, so a demo leaves nothing behind. */
final class TempFolders {
    private static final Logger LOG = LoggerFactory.getLogger(TempFolders.class);

    private TempFolders() {
    }

    /** Deletes {@code root} and everything below it; a failure is logged once, never thrown (we are exiting). */
    static void deleteQuietly(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            LOG.warn("could not remove the temporary folder {}: {}", root, Reasons.of(e));
        }
    }
}
