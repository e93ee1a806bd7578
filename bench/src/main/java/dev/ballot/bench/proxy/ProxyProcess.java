package dev.ballot.bench.proxy;

import dev.ballot.bench.compare.JavaProcess;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Starts {@code ballot-bench proxy} in a child JVM in front of a set of election ports and learns the
 * proxies' ports from its first stdout line ({@code PROXY sid=port ...}). Closing it destroys the process.
 * Not thread-safe.
 */
public final class ProxyProcess implements AutoCloseable {
    /** First token of the line the proxy command prints once every proxy listens. */
    public static final String READY = "PROXY";

    private final Process process;
    private final Map<Long, Integer> ports = new LinkedHashMap<>();

    /**
     * @param targets  sid to the election port to forward to
     * @param lossPct  percent of frames to drop
     */
    public ProxyProcess(Map<Long, Integer> targets, double lossPct, long seed) {
        List<String> args = new ArrayList<>(List.of("proxy", "--loss", Double.toString(lossPct),
                "--seed", Long.toString(seed)));
        targets.forEach((sid, port) -> args.add(sid + "=" + port));
        try {
            process = JavaProcess.builder(List.of("-Xmx64m", "-XX:TieredStopAtLevel=1"), args)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8));
            String line = out.readLine();
            if (line == null || !line.startsWith(READY)) {
                process.destroyForcibly();
                throw new IllegalStateException("proxy process did not start: " + line);
            }
            for (String kv : line.substring(READY.length()).trim().split(" ")) {
                String[] p = kv.split("=");
                ports.put(Long.parseLong(p[0]), Integer.parseInt(p[1]));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the proxy process", e);
        }
    }

    /** sid to the proxy port that forwards to that sid's election port. */
    public Map<Long, Integer> ports() {
        return Map.copyOf(ports);
    }

    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
