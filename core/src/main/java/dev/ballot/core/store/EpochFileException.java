package dev.ballot.core.store;

import java.io.IOException;
import java.nio.file.Path;

/**
 * An epoch file that exists but cannot be trusted: not a decimal long, empty, or inconsistent with the
 * other epoch file. The message starts with the file's path. Ballot never overwrites such a file; an
 * operator has to look at it (and at the peer's history) and fix or remove it.
 */
public final class EpochFileException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;

    public EpochFileException(Path file, String problem) {
        super(file + ": " + problem);
        this.file = file;
    }

    /** The file at fault. */
    public Path file() {
        return file;
    }
}
