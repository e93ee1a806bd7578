package dev.ballot.server.cli;

import dev.ballot.server.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code run} with a bad zoo.cfg line, a missing or garbled myid, or a corrupt epoch file: one
 * line on stderr naming the file, exit code 2, and no file created or changed.
 */
class BadStartupTest {
    @TempDir
    Path dir;

    private record Outcome(int code, String err, List<String> filesAfter) {
    }

    private Path data() throws IOException {
        return Files.createDirectories(dir.resolve("data"));
    }

    private Path config(String serverLine) throws IOException {
        Path cfg = dir.resolve("zoo.cfg");
        Files.writeString(cfg, "tickTime=200\ninitLimit=10\nsyncLimit=5\ndataDir=" + data() + "\nadmin.enableServer=false\n"
                + serverLine + "\nserver.2=127.0.0.1:1:2\nserver.3=127.0.0.1:3:4\n");
        return cfg;
    }

    private Outcome run(Path cfg) throws IOException {
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute("run", "--config", cfg.toString());
        List<String> files;
        try (Stream<Path> s = Files.walk(dir)) {
            files = s.map(p -> dir.relativize(p) + (Files.isRegularFile(p) ? ":" + size(p) : "")).sorted().toList();
        }
        return new Outcome(code, err.toString(), files);
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void assertOneLine(Outcome o, String... mustContain) {
        assertOneLine(o, Main.CONFIG_ERROR, mustContain);
    }

    private static void assertOneLine(Outcome o, int code, String... mustContain) {
        assertEquals(code, o.code(), o.err());
        assertEquals(1, o.err().lines().count(), "one line: " + o.err());
        assertFalse(o.err().strip().endsWith("null"), o.err());
        for (String s : mustContain) {
            assertTrue(o.err().contains(s), "'" + s + "' in: " + o.err());
        }
    }

    @Test
    void badZooCfgLine_namesFileAndLine_andWritesNothing() throws IOException {
        Path cfg = config("server.1=127.0.0.1:notaport:3888");
        Files.writeString(data().resolve("myid"), "1");
        List<String> before = run(dir.resolve("absent.cfg")).filesAfter();
        Outcome o = run(cfg);
        assertOneLine(o, "zoo.cfg:6", "notaport");
        assertEquals(before, o.filesAfter());
    }

    @Test
    void missingMyid_namesTheFile_andWritesNothing() throws IOException {
        Path cfg = config("server.1=127.0.0.1:5:6");
        Outcome o = run(cfg);
        assertOneLine(o, "myid");
        assertEquals(List.of("", "data", "zoo.cfg:" + Files.size(cfg)), o.filesAfter());
    }

    @Test
    void garbledMyid_namesTheFile_andWritesNothing() throws IOException {
        Path cfg = config("server.1=127.0.0.1:5:6");
        Files.writeString(data().resolve("myid"), " 1x\n");
        Outcome o = run(cfg);
        assertOneLine(o, "myid");
        assertEquals(List.of("", "data", "data/myid:4", "zoo.cfg:" + Files.size(cfg)), o.filesAfter());
    }

    @Test
    void corruptEpochFile_namesTheFile_andLeavesItAlone() throws IOException {
        Path cfg = config("server.1=127.0.0.1:5:6");
        Files.writeString(data().resolve("myid"), "1");
        Path v2 = Files.createDirectories(data().resolve("version-2"));
        Files.writeString(v2.resolve("currentEpoch"), "7#garbage");
        Outcome o = run(cfg);
        assertOneLine(o, "currentEpoch");
        assertEquals("7#garbage", Files.readString(v2.resolve("currentEpoch")));
        assertEquals(List.of("", "data", "data/myid:1", "data/version-2", "data/version-2/currentEpoch:9",
                "zoo.cfg:" + Files.size(cfg)), o.filesAfter());
    }

    @Test
    void missingDataDir_saysSo_notMyidMissing() throws IOException {
        Path cfg = config("server.1=127.0.0.1:5:6");
        Files.delete(data());
        Outcome o = run(cfg);
        assertEquals("ballot-server: " + data() + ": does not exist (dataDir in " + cfg + "); create it (mkdir -p "
                + data() + ") and write this server's id into " + data().resolve("myid") + ", or point dataDir at the "
                + "directory that holds them", o.err().strip());
        assertOneLine(o);
    }

    @Test
    void dataDirAFile_saysItIsNotADirectory() throws IOException {
        Path cfg = config("server.1=127.0.0.1:5:6");
        Files.delete(data());
        Files.writeString(dir.resolve("data"), "1");
        Outcome o = run(cfg);
        assertOneLine(o, dir.resolve("data") + ": is not a directory (dataDir in " + cfg + ")");
    }

    @Test
    void emptyMyid_namesTheFileAndTheFix() throws IOException {
        Path cfg = config("server.1=127.0.0.1:5:6");
        Files.writeString(data().resolve("myid"), "");
        Outcome o = run(cfg);
        assertEquals("ballot-server: " + data().resolve("myid") + ":1: empty; write this server's id (the N of its "
                + "server.N line) into it: echo N > " + data().resolve("myid"), o.err().strip());
        assertOneLine(o);
    }

    @Test
    void myidNotConfigured_namesBothFilesAndTheFix() throws IOException {
        Path cfg = config("server.1=127.0.0.1:5:6");
        Files.writeString(data().resolve("myid"), "7\n");
        Outcome o = run(cfg);
        assertEquals("ballot-server: " + data().resolve("myid") + ":1: server id 7 has no server.7 line in " + cfg
                + " (configured: [1, 2, 3]); write the id of this server's line into myid, or add a server.7 line",
                o.err().strip());
        assertOneLine(o);
    }

    @Test
    void mistypedServerLine_stopsStartUp() throws IOException {
        Path cfg = config("sever.1=127.0.0.1:5:6");
        Files.writeString(data().resolve("myid"), "1");
        Outcome o = run(cfg);
        assertEquals("ballot-server: " + cfg + ":6: unknown key sever.1; did you mean server.1? Start-up stops here: "
                + "ignoring this line would leave server 1 out of the ensemble", o.err().strip());
        assertOneLine(o);
    }

    @Test
    void unresolvableOwnHost_isANameResolutionFailure_andWritesNothing() throws IOException {
        Path cfg = config("server.1=no-such-host.invalid:5:6");
        Files.writeString(data().resolve("myid"), "1");
        Outcome o = run(cfg);
        assertEquals("ballot-server: cannot resolve this server's own host name 'no-such-host.invalid' (server.1 in "
                + cfg + "): name resolution failed; fix the name, add it to DNS or /etc/hosts, or write an IP address",
                o.err().strip());
        assertOneLine(o, Main.RUNTIME_FAILURE);
        assertEquals(List.of("", "data", "data/myid:1", "zoo.cfg:" + Files.size(cfg)), o.filesAfter());
    }

    @Test
    void unreadableLeftover_namesTheFile() throws IOException {
        Path cfg = config("server.1=127.0.0.1:5:6");
        Files.writeString(data().resolve("myid"), "1");
        // a directory where the temporary file goes cannot be read, not even by root
        Path tmp = Files.createDirectories(data().resolve("version-2").resolve("acceptedEpoch.tmp"));
        Outcome o = run(cfg);
        assertEquals("ballot-server: cannot read " + tmp + ", left over from an interrupted write: "
                + "is a directory; remove it by hand (" + data().resolve("version-2").resolve("acceptedEpoch")
                + " stays authoritative)", o.err().strip());
        assertOneLine(o, Main.RUNTIME_FAILURE);
    }

    @Test
    void unknownSubcommandOrMissingOption_isAUsageError() {
        CommandLine cl = Main.commandLine();
        cl.setErr(new PrintWriter(new StringWriter(), true));
        assertEquals(Main.CONFIG_ERROR, cl.execute("run"));
        assertEquals(Main.CONFIG_ERROR, cl.execute("local", "--nodes", "x"));
    }
}
