package dev.ballot.bench.compare;

import dev.ballot.bench.cell.CellResult;
import dev.ballot.bench.cell.CellSpec;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs one {@link CellSpec} in a fresh child JVM ({@code cell} command, same java and class path) and
 * returns its {@link CellResult}. A child that outlives its wall-clock bound is killed and reported as
 * {@code timeout}; one that exits without a result line is reported as {@code error}. The child's stderr
 * goes to a log file. Not thread-safe (one cell at a time).
 */
final class CellLauncher {
    private final List<String> jvmArgs;
    private final Path logDir;

    CellLauncher(List<String> jvmArgs, Path logDir) {
        this.jvmArgs = List.copyOf(jvmArgs);
        this.logDir = logDir;
    }

    CellResult run(CellSpec spec, Duration wallBound, String logName) {
        ProcessBuilder pb = JavaProcess.builder(jvmArgs, prepend("cell", spec.toArgs()))
                .redirectError(logDir.resolve(logName + ".log").toFile());
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            return CellResult.failed(spec, "error", "cannot start the cell JVM: " + e.getMessage());
        }
        CompletableFuture<Optional<String>> line = CompletableFuture.supplyAsync(() -> resultLine(p));
        try {
            if (!p.waitFor(wallBound.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor();
                return CellResult.failed(spec, "timeout", "cell did not finish within " + wallBound.toSeconds() + " s");
            }
            return line.get(10, TimeUnit.SECONDS).map(CellResult::parse).orElseGet(() ->
                    CellResult.failed(spec, "error", "cell exited with " + p.exitValue() + " and no result; see "
                            + logName + ".log"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            return CellResult.failed(spec, "error", "interrupted");
        } catch (Exception e) {
            return CellResult.failed(spec, "error", String.valueOf(e));
        }
    }

    private static Optional<String> resultLine(Process p) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String found = null;
            for (String l = r.readLine(); l != null; l = r.readLine()) {
                if (l.startsWith(CellResult.PREFIX)) {
                    found = l;
                }
            }
            return Optional.ofNullable(found);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static List<String> prepend(String first, List<String> rest) {
        List<String> out = new java.util.ArrayList<>();
        out.add(first);
        out.addAll(rest);
        return out;
    }
}
