package dev.ballot.core.config;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A configuration file (zoo.cfg, a dynamic config file, {@code myid}) that Ballot cannot use. The
 * message reads {@code <file>:<line>: <what is wrong>}, followed by what to do where that is not
 * obvious; {@code :<line>} is left out when the problem is not on one line (a missing key, an
 * unreadable file).
 *
 * <p>Unchecked: a configuration error ends startup, and the CLI prints {@link #getMessage()} as it is.
 */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final int line;
    private final String problem;

    /**
     * @param file    the file at fault, if known
     * @param line    1-based line number, or 0 when the problem is not on one line
     * @param problem what is wrong (and what to do), without the location
     */
    public ConfigException(Path file, int line, String problem) {
        this(file, line, problem, null);
    }

    public ConfigException(Path file, int line, String problem, Throwable cause) {
        super(location(file, line) + problem, cause);
        this.file = file;
        this.line = line;
        this.problem = Objects.requireNonNull(problem, "problem");
    }

    private static String location(Path file, int line) {
        String name = file == null ? "<config>" : file.toString();
        return line > 0 ? name + ":" + line + ": " : name + ": ";
    }

    /** The file at fault, if known. */
    public Optional<Path> file() {
        return Optional.ofNullable(file);
    }

    /** The 1-based line at fault, if the problem is on one line. */
    public OptionalInt line() {
        return line > 0 ? OptionalInt.of(line) : OptionalInt.empty();
    }

    /** The problem without the {@code file:line:} prefix. */
    public String problem() {
        return problem;
    }
}
