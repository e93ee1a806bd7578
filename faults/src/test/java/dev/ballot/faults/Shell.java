package dev.ballot.faults;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a short system command ({@code ip}, {@code nft}, {@code nsenter}) with a deadline and returns what it printed. */
final class Shell {
    static final Duration TIMEOUT = Duration.ofSeconds(20);

    /** The result of one command. */
    record Result(int exitCode, String output) {
        boolean ok() {
            return exitCode == 0;
        }
    }

    private Shell() {
    }

    /** Runs {@code cmd}; a non-zero exit is an {@link IllegalStateException} with the command and its output. */
    static String run(String... cmd) {
        Result r = attempt(cmd);
        if (!r.ok()) {
            throw new IllegalStateException(String.join(" ", cmd) + " exited " + r.exitCode() + ": " + r.output().strip());
        }
        return r.output();
    }

    /** Runs {@code cmd} and returns its exit code and output, whatever they are (127 if it cannot start). */
    static Result attempt(String... cmd) {
        Path out;
        try {
            out = Files.createTempFile("ballot-faults-cmd", ".out");
        } catch (IOException e) {
            return new Result(126, e.getMessage());
        }
        try {
            Process p;
            try {
                // output to a file, so a command that never closes its output cannot block the read
                p = new ProcessBuilder(List.of(cmd)).redirectErrorStream(true)
                        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                        .redirectOutput(out.toFile()).start();
            } catch (IOException e) {
                return new Result(127, e.getMessage());
            }
            try {
                if (!p.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                    p.destroyForcibly();
                    return new Result(124, String.join(" ", cmd) + ": no exit within " + TIMEOUT);
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
                return new Result(130, "interrupted");
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new Result(126, e.getMessage());
        } finally {
            try {
                Files.deleteIfExists(out);
            } catch (IOException ignored) {
                // a temp file left behind is harmless
            }
        }
    }
}
