package dev.ballot.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * N peers of one {@link Flavor}, each a JVM in its own network namespace of a {@link NetLab} and in a mount namespace
 * of its own ({@code unshare -m}), so that a disk fault (a read-only bind mount or a full tmpfs over
 * {@code version-2}) exists only for that process and vanishes with it. {@link #close()} kills every process it
 * started and stops the monitor.
 */
final class Ensemble implements AutoCloseable {
    /** tickTime 500 ms, initLimit 10, syncLimit 5: as in the first fault run (issue 10). */
    static final int TICK_MS = 500;
    static final int INIT_LIMIT = 10;
    static final int SYNC_LIMIT = 5;

    /** How a peer's {@code version-2} is mounted when it starts (in the peer's own mount namespace). */
    enum Disk {
        /** the test's directory as it is */
        NORMAL,
        /** a read-only bind mount of it */
        READ_ONLY,
        /** a one-page tmpfs, filled: every write fails with ENOSPC */
        FULL,
        /** an empty 16 MiB tmpfs, for {@link #fillDisk} later */
        TMPFS
    }

    final Flavor flavor;
    final NetLab lab;
    final int size;
    final Path dir;
    final Monitor monitor;
    private final Map<Long, Process> processes = new ConcurrentSkipListMap<>(); // read by the monitor's pollers
    private final Map<Long, Integer> incarnations = new TreeMap<>();

    Ensemble(Flavor flavor, NetLab lab, int size, Path dir) {
        if (size > lab.peers()) {
            throw new IllegalArgumentException(size + " peers on a lab of " + lab.peers());
        }
        this.flavor = flavor;
        this.lab = lab;
        this.size = size;
        this.dir = dir;
        try {
            for (long sid = 1; sid <= size; sid++) {
                Files.createDirectories(versionDir(sid));
                Files.writeString(dataDir(sid).resolve("myid"), sid + "\n");
                Files.writeString(config(sid), zooCfg(sid));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.monitor = new Monitor(flavor, lab, sids(), this::versionDirSeenByPeer);
    }

    List<Long> sids() {
        List<Long> s = new ArrayList<>();
        for (long sid = 1; sid <= size; sid++) {
            s.add(sid);
        }
        return s;
    }

    Path peerDir(long sid) {
        return dir.resolve("peer-" + sid);
    }

    Path dataDir(long sid) {
        return peerDir(sid).resolve("data");
    }

    Path versionDir(long sid) {
        return dataDir(sid).resolve("version-2");
    }

    /**
     * {@code version-2} as the running peer sees it: through {@code /proc/<pid>/root}, i.e. in its own mount namespace
     * (a tmpfs mounted there is invisible from here otherwise).
     */
    Path versionDirSeenByPeer(long sid) {
        Process p = processes.get(sid);
        Path dir = versionDir(sid).toAbsolutePath();
        return p != null && p.isAlive() ? Path.of("/proc", Long.toString(p.pid()), "root").resolve(dir.toString().substring(1)) : dir;
    }

    Path config(long sid) {
        return peerDir(sid).resolve("zoo.cfg");
    }

    Path log(long sid) {
        return peerDir(sid).resolve("peer.log");
    }

    private String zooCfg(long self) {
        StringBuilder b = new StringBuilder("tickTime=" + TICK_MS + "\ninitLimit=" + INIT_LIMIT + "\nsyncLimit=" + SYNC_LIMIT
                + "\ndataDir=" + dataDir(self).toAbsolutePath() + "\nclientPortAddress=" + lab.managementAddress(self)
                + "\nclientPort=" + Flavor.CLIENT_PORT + "\nadmin.serverAddress=" + lab.managementAddress(self) + "\n"
                + flavor.extraConfig());
        for (long sid = 1; sid <= size; sid++) {
            b.append("server.").append(sid).append('=').append(lab.address(sid)).append(':').append(Flavor.QUORUM_PORT)
                    .append(':').append(Flavor.ELECTION_PORT).append(":participant\n");
        }
        return b.toString();
    }

    void startAll() {
        sids().forEach(this::start);
        monitor.start();
    }

    void start(long sid) {
        start(sid, Disk.NORMAL);
    }

    /** Starts the peer in its namespaces; its log is appended to {@link #log}. */
    void start(long sid, Disk disk) {
        if (processes.containsKey(sid) && processes.get(sid).isAlive()) {
            throw new IllegalStateException("peer " + sid + " is running");
        }
        String v2 = versionDir(sid).toAbsolutePath().toString();
        String mount = switch (disk) {
            case NORMAL -> "";
            case READ_ONLY -> "mount --bind \"$0\" \"$0\" && mount -o remount,bind,ro \"$0\" && ";
            // one page, then filled: every write in version-2 fails with ENOSPC
            case FULL -> "mount -t tmpfs -o size=4k tmpfs \"$0\" && " + FILL + " && ";
            case TMPFS -> "mount -t tmpfs -o size=16m tmpfs \"$0\" && ";
        };
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", lab.namespace(sid),
                "unshare", "--mount", "--propagation", "private", "sh", "-c", mount + "exec \"$@\"", v2));
        cmd.addAll(flavor.command(config(sid)));
        try {
            Files.writeString(log(sid), "=== start " + (incarnations.merge(sid, 1, Integer::sum)) + " (" + disk + ") "
                    + Instant.now() + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log(sid).toFile())).start();
            processes.put(sid, p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start peer " + sid, e);
        }
    }

    private static final String FILL = "(dd if=/dev/zero of=\"$0/.fill\" bs=4096 2>/dev/null; true)";

    /** Makes the running peer's {@code version-2} read-only: a read-only bind mount in its mount namespace. */
    void readOnlyDisk(long sid) {
        inMountNamespace(sid, "mount --bind \"$0\" \"$0\" && mount -o remount,bind,ro \"$0\"");
    }

    /** Fills the running peer's {@code version-2} (started with {@link Disk#TMPFS}). */
    void fillDisk(long sid) {
        inMountNamespace(sid, "mountpoint -q \"$0\" && " + FILL);
    }

    private void inMountNamespace(long sid, String script) {
        Process p = processes.get(sid);
        if (p == null || !p.isAlive()) {
            throw new IllegalStateException("peer " + sid + " is not running");
        }
        Shell.run("nsenter", "-t", Long.toString(p.pid()), "-m", "--", "sh", "-c", script,
                versionDir(sid).toAbsolutePath().toString());
    }

    /** kill -9; returns once the process is gone. */
    void kill9(long sid) {
        Process p = processes.remove(sid);
        if (p == null) {
            return;
        }
        p.destroyForcibly();
        try {
            if (!p.waitFor(15, TimeUnit.SECONDS)) {
                throw new IllegalStateException("peer " + sid + " (pid " + p.pid() + ") did not die within 15 s of SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    boolean alive(long sid) {
        Process p = processes.get(sid);
        return p != null && p.isAlive();
    }

    /** Lines of the peer's log (all incarnations) that contain {@code text}. */
    long countLog(long sid, String text) {
        if (!Files.exists(log(sid))) {
            return 0;
        }
        try (Stream<String> lines = Files.lines(log(sid), StandardCharsets.ISO_8859_1)) {
            return lines.filter(l -> l.contains(text)).count();
        } catch (IOException | UncheckedIOException e) {
            throw new IllegalStateException("cannot read " + log(sid), e);
        }
    }

    /** Elections started so far, by sid (counted from the logs: every incarnation). */
    Map<Long, Long> elections() {
        Map<Long, Long> m = new TreeMap<>();
        for (long sid : sids()) {
            m.put(sid, countLog(sid, flavor.electionLogLine()));
        }
        return m;
    }

    /** Lines in {@code sid}'s log so far. */
    long logLines(long sid) {
        try (java.util.stream.Stream<String> lines = Files.lines(log(sid), java.nio.charset.StandardCharsets.ISO_8859_1)) {
            return lines.count();
        } catch (IOException e) {
            return 0; // no log yet
        }
    }

    long logBytes() {
        long n = 0;
        for (long sid : sids()) {
            try {
                n += Files.exists(log(sid)) ? Files.size(log(sid)) : 0;
            } catch (IOException e) {
                // a missing log counts as empty
            }
        }
        return n;
    }

    /** The epoch files of a peer: [acceptedEpoch, currentEpoch], -1 when absent. A torn or garbled file throws. */
    long[] epochFiles(long sid) {
        long[] out = {-1, -1};
        String[] names = {"acceptedEpoch", "currentEpoch"};
        for (int i = 0; i < 2; i++) {
            Path f = versionDir(sid).resolve(names[i]);
            try {
                if (Files.exists(f)) {
                    String text = Files.readString(f).strip();
                    if (!text.matches("\\d{1,19}")) {
                        throw new AssertionError("peer " + sid + ": " + f + " holds '" + text + "'");
                    }
                    out[i] = Long.parseLong(text);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    /** The tail of every peer's log, for failure messages. */
    String logTails(int lines) {
        StringBuilder b = new StringBuilder();
        for (long sid : sids()) {
            b.append("--- ").append(flavor.title()).append(" peer ").append(sid).append(" (").append(log(sid)).append(") ---\n");
            try {
                List<String> all = Files.exists(log(sid)) ? Files.readAllLines(log(sid), StandardCharsets.ISO_8859_1) : List.of();
                all.subList(Math.max(0, all.size() - lines), all.size()).forEach(l -> b.append(l).append('\n'));
            } catch (IOException e) {
                b.append("cannot read: ").append(e).append('\n');
            }
        }
        return b.toString();
    }

    @Override
    public void close() {
        monitor.close();
        for (long sid : List.copyOf(processes.keySet())) {
            kill9(sid);
        }
    }
}
