package dev.ballot.server.process;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code bin/ballot-server}: starts real peers with its JVM settings, the operator's options last. */
@Tag("process")
class LauncherIT {
    @TempDir
    Path dir;
    private ProcessEnsemble ensemble;

    @AfterEach
    void stopAll() {
        if (ensemble != null) {
            ensemble.close();
        }
    }

    @Test
    void threePeersThroughTheLauncher_electWithItsJvmSettings() throws Exception {
        Assumptions.assumeTrue(Files.isDirectory(Path.of("/proc/self")), "reads the JVMs' command lines from /proc");
        ensemble = new ProcessEnsemble(dir, 3, Duration.ofMillis(300), 10, 10).viaLauncher(Map.of(
                "BALLOT_SERVER_JAR", ProcessEnsemble.jar().toString(), "BALLOT_HEAP_MAX", "48m",
                "BALLOT_JVM_OPTS", "-Dballot.test.launched=yes -Dballot.test.second=too",
                "JAVA_HOME", System.getProperty("java.home")));
        ensemble.startAll();
        ProcessEnsemble.Established e = ensemble.awaitEstablished(List.of(1L, 2L, 3L), x -> true);
        assertEquals(3, e.statuses().size());
        for (Map.Entry<Long, Process> p : ensemble.running().entrySet()) {
            List<String> cmd = cmdline(p.getValue().pid()); // the launcher exec'd the JVM: same process
            assertEquals(Path.of(System.getProperty("java.home"), "bin", "java").toString(), cmd.get(0), "JAVA_HOME's java");
            for (String flag : List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:CICompilerCount=1",
                    "-XX:CompileThresholdScaling=4", "-Xms8m", "-Xmx48m", "-Dio.netty.allocator.type=unpooled")) {
                assertTrue(cmd.contains(flag), flag + " in " + cmd);
            }
            int operator = cmd.indexOf("-Dballot.test.launched=yes");
            assertTrue(operator > cmd.indexOf("-Xmx48m") && cmd.get(operator + 1).equals("-Dballot.test.second=too")
                            && operator + 2 == cmd.indexOf("-jar"),
                    "BALLOT_JVM_OPTS after the launcher's settings, before -jar: " + cmd);
            assertEquals(List.of("-jar", ProcessEnsemble.jar().toString(), "run", "--config",
                    ensemble.config(p.getKey()).toString()), cmd.subList(cmd.indexOf("-jar"), cmd.size()));
            assertTrue(environ(p.getValue().pid()).contains("MALLOC_ARENA_MAX=2"));
        }
    }

    @Test
    void withoutAJar_saysWhereItLooked_andExits2() throws Exception {
        Path bin = Files.createDirectories(dir.resolve("opt/ballot/bin"));
        Path script = Files.copy(ProcessEnsemble.launcher(), bin.resolve("ballot-server"));
        ProcessBuilder pb = new ProcessBuilder(script.toString(), "--version").redirectErrorStream(true);
        pb.environment().remove("BALLOT_SERVER_JAR");
        Process p = pb.start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(2, p.exitValue(), out);
        assertTrue(out.contains("no ballot-server.jar in " + bin) && out.contains("BALLOT_SERVER_JAR"), out);
    }

    @Test
    void findsTheJarInTheInstallLayout() throws Exception {
        Path bin = Files.createDirectories(dir.resolve("opt/ballot/bin"));
        Path lib = Files.createDirectories(dir.resolve("opt/ballot/lib"));
        Path script = Files.copy(ProcessEnsemble.launcher(), bin.resolve("ballot-server"));
        Files.createSymbolicLink(lib.resolve("ballot-server.jar"), ProcessEnsemble.jar().toAbsolutePath());
        ProcessBuilder pb = new ProcessBuilder(script.toString(), "--version").redirectErrorStream(true);
        pb.environment().remove("BALLOT_SERVER_JAR");
        Process p = pb.start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.startsWith("ballot-server "), out);
    }

    private static List<String> cmdline(long pid) throws IOException {
        return Arrays.asList(new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")), StandardCharsets.ISO_8859_1).split("\0"));
    }

    private static String environ(long pid) throws IOException {
        return new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "environ")), StandardCharsets.ISO_8859_1);
    }
}
