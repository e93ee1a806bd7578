package dev.ballot.server.process;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The jar's commands as an operator runs them: local (smoke), status, and a bad start-up. */
@Tag("process")
class CliProcessIT {
    private static final Pattern ADMIN = Pattern.compile("peer 1 +started .* admin (http://127\\.0\\.0\\.1:(\\d+)/status)");
    private static final Pattern SUMMARY = Pattern.compile("== leader (\\d+) established with epoch (\\d+)");

    @TempDir
    Path dir;

    /** Runs the jar to completion; returns exit code and output. */
    private static Result exec(List<String> args) throws Exception {
        return execCommand(ProcessEnsemble.command(args.toArray(String[]::new)));
    }

    /** Runs {@code command} to completion; returns exit code and output. */
    private static Result execCommand(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).start();
        try {
            CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "process ended");
            return new Result(p.exitValue(), out.get(5, TimeUnit.SECONDS), err.get(5, TimeUnit.SECONDS));
        } finally {
            p.destroyForcibly();
        }
    }

    private record Result(int code, String out, String err) {
    }

    private static String read(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "cannot read: " + e;
        }
    }

    @Test
    void local_electsReelectsAfterKillingTheLeader_andStopsCleanly() throws Exception {
        Result r = exec(List.of("local", "--nodes", "3", "--dir", dir.toString(), "--tick-time", "200ms",
                "--kill-leader-every", "4s", "--run-for", "10s"));
        assertEquals(0, r.code(), r.out() + r.err());
        List<Long> epochs = new ArrayList<>();
        Matcher m = SUMMARY.matcher(r.out());
        while (m.find()) {
            epochs.add(Long.parseLong(m.group(2)));
        }
        assertTrue(epochs.size() >= 2 && epochs.get(1) > epochs.get(0), "two leaders in a row: " + r.out());
        assertTrue(r.out().contains("stopping   (the leader"), r.out());
        assertTrue(r.out().contains("restarting"), r.out());
        assertTrue(r.out().contains(" decided    leader "), r.out());
        assertTrue(r.out().strip().endsWith("stopped"), r.out());
        assertTrue(Files.exists(dir.resolve("peer-1").resolve("zoo.cfg")));
    }

    @Test
    void local_withoutDir_removesItsTemporaryFolderOnExit() throws Exception {
        Result r = exec(List.of("local", "--nodes", "3", "--tick-time", "200ms", "--run-for", "3s"));
        assertEquals(0, r.code(), r.out() + r.err());
        Matcher folder = java.util.regex.Pattern.compile("folders in (\\S+)").matcher(r.out());
        assertTrue(folder.find(), r.out());
        assertTrue(r.out().contains(" established"), r.out());
        assertTrue(!Files.exists(java.nio.file.Path.of(folder.group(1))), "left behind: " + folder.group(1));
    }

    @Test
    void status_showsAPeerOfARunningLocalEnsemble() throws Exception {
        Process local = new ProcessBuilder(ProcessEnsemble.command("local", "--nodes", "3", "--dir", dir.toString(),
                "--tick-time", "500ms")).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        java.util.concurrent.BlockingQueue<String> lines = new java.util.concurrent.LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(local.getInputStream(), StandardCharsets.UTF_8))) {
                out.lines().forEach(lines::add);
            } catch (IOException e) {
                lines.add("read failed: " + e);
            }
        }, "local-output");
        reader.setDaemon(true);
        reader.start();
        try {
            String admin = null;
            String logged = null;
            boolean established = false;
            long deadline = System.nanoTime() + ProcessEnsemble.DEADLINE.toNanos();
            StringBuilder seen = new StringBuilder();
            while (!established && System.nanoTime() < deadline) {
                String line = lines.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                if (line == null) {
                    break;
                }
                seen.append(line).append('\n');
                Matcher m = ADMIN.matcher(line);
                if (m.find()) {
                    admin = "127.0.0.1:" + m.group(2);
                    logged = m.group(1);
                }
                established = SUMMARY.matcher(line).find();
            }
            assertTrue(established && admin != null, "local printed its admin address and a leader:\n" + seen);
            Result r = exec(List.of("status", "--admin", admin));
            assertEquals(0, r.code(), r.out() + r.err());
            assertTrue(r.out().startsWith("peer 1  "), r.out());
            assertTrue(r.out().contains("(established)") && r.out().contains("fencing token "), r.out());
            // the URL exactly as printed, and without its path, show the same peer
            for (String url : List.of(logged, logged.substring(0, logged.length() - "/status".length()))) {
                Result byUrl = exec(List.of("status", "--admin", url));
                assertEquals(0, byUrl.code(), url + ": " + byUrl.out() + byUrl.err());
                assertTrue(byUrl.out().startsWith("peer 1  "), byUrl.out());
            }
        } finally {
            local.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        int closed = ProcessEnsemble.freePorts(1)[0];
        Result down = exec(List.of("status", "--admin", "127.0.0.1:" + closed));
        assertEquals(1, down.code(), down.err());
        assertEquals("ballot-server: cannot reach the admin server at http://127.0.0.1:" + closed
                + "/status: connection refused", down.err().strip());
    }

    @Test
    void corruptEpochFile_exitsWithOneLine_andTouchesNothing() throws Exception {
        ProcessEnsemble e = new ProcessEnsemble(dir, 3, java.time.Duration.ofMillis(200), 10, 5);
        Path v2 = Files.createDirectories(dir.resolve("peer-1").resolve("data").resolve("version-2"));
        Files.writeString(v2.resolve("acceptedEpoch"), "");
        Result r = exec(List.of("run", "--config", e.config(1).toString()));
        assertEquals(2, r.code(), r.err());
        assertEquals(1, r.err().lines().filter(l -> l.startsWith("ballot-server: ")).count(), r.err());
        assertTrue(r.err().contains("acceptedEpoch"), r.err());
        assertEquals(List.of(v2.resolve("acceptedEpoch")), Files.list(v2).toList());
        assertEquals(0, Files.size(v2.resolve("acceptedEpoch")));
    }

    /**
     * Runs {@code run} for peer 1 with its dataDir on a 64 KiB tmpfs of its own mount namespace (gone when
     * the process ends), holding myid, after {@code prepare} (shell) made the disk full or read-only.
     */
    private Result runOnSmallDisk(ProcessEnsemble e, String prepare) throws Exception {
        Path data = e.dir.resolve("peer-1").resolve("data");
        List<String> cmd = new ArrayList<>(List.of("unshare", "--mount", "--propagation", "private", "sh", "-c",
                "mount -t tmpfs -o size=64k tmpfs \"$0\" && printf 1 > \"$0/myid\" && " + prepare + " && shift && exec \"$@\"",
                data.toString(), "-"));
        cmd.addAll(ProcessEnsemble.command("run", "--config", e.config(1).toString()));
        return execCommand(cmd);
    }

    private static boolean canMountTmpfs() throws Exception {
        Process p = new ProcessBuilder("unshare", "--mount", "--propagation", "private", "sh", "-c",
                "d=$(mktemp -d) && mount -t tmpfs -o size=64k tmpfs \"$d\" && umount \"$d\" && rmdir \"$d\"")
                .redirectErrorStream(true).start();
        read(p.getInputStream());
        return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    }

    @Test
    void freshStartOnAFullDisk_namesTheFileItCouldNotWrite() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(canMountTmpfs(), "needs root and mount namespaces (unshare)");
        ProcessEnsemble e = new ProcessEnsemble(dir, 3, java.time.Duration.ofMillis(200), 10, 5);
        Path data = dir.resolve("peer-1").resolve("data");
        Result r = runOnSmallDisk(e, "{ dd if=/dev/zero of=\"$0/fill\" bs=4k 2>/dev/null; true; }");
        assertEquals(1, r.code(), r.err());
        List<String> lines = r.err().lines().filter(l -> l.startsWith("ballot-server: ")).toList();
        assertEquals(1, lines.size(), r.err());
        assertTrue(lines.get(0).startsWith("ballot-server: cannot write " + data.resolve("version-2").resolve("acceptedEpoch")
                + ": ") && lines.get(0).toLowerCase(java.util.Locale.ROOT).contains("no space left on device"), lines.get(0));
    }

    @Test
    void freshStartOnAReadOnlyDisk_saysSoBeforeWritingAnything() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(canMountTmpfs(), "needs root and mount namespaces (unshare)");
        ProcessEnsemble e = new ProcessEnsemble(dir, 3, java.time.Duration.ofMillis(200), 10, 5);
        Path data = dir.resolve("peer-1").resolve("data");
        Result r = runOnSmallDisk(e, "mount -o remount,ro \"$0\"");
        assertEquals(2, r.code(), r.err());
        List<String> lines = r.err().lines().filter(l -> l.startsWith("ballot-server: ")).toList();
        assertEquals(List.of("ballot-server: " + data + ": is on a read-only file system (dataDir in " + e.config(1)
                + "); Ballot must write its epoch files there: remount it read-write, or point dataDir at a writable "
                + "directory"), lines, r.err());
    }

    @Test
    void dataDirOwnedBySomeoneElse_saysWhoAndWhatToDo() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue("root".equals(System.getProperty("user.name"))
                && Files.isExecutable(Path.of("/usr/bin/setpriv")), "needs root and setpriv to run the server as nobody");
        ProcessEnsemble e = new ProcessEnsemble(dir, 3, java.time.Duration.ofMillis(200), 10, 5);
        Path data = dir.resolve("peer-1").resolve("data");
        for (Path p : List.of(dir, dir.resolve("peer-1"), data)) { // nobody may read the config, not write dataDir
            Files.setPosixFilePermissions(p, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        Files.setPosixFilePermissions(e.config(1), java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"));
        cmd.addAll(ProcessEnsemble.command("run", "--config", e.config(1).toString()));
        Result r = execCommand(cmd);
        assertEquals(2, r.code(), r.err());
        List<String> lines = r.err().lines().filter(l -> l.startsWith("ballot-server: ")).toList();
        assertEquals(List.of("ballot-server: " + data + ": is owned by root and not writable by nobody, the user this "
                + "server runs as (dataDir in " + e.config(1) + "); run the server as root, or chown -R nobody " + data),
                lines, r.err());
        assertEquals(List.of(data.resolve("myid")), Files.list(data).toList(), "nothing written");
    }
}
