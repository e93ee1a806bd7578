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
        assertEquals(Main.CONFIG_ERROR, o.code(), o.err());
        assertEquals(1, o.err().lines().count(), "one line: " + o.err());
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
    void unknownSubcommandOrMissingOption_isAUsageError() {
        CommandLine cl = Main.commandLine();
        cl.setErr(new PrintWriter(new StringWriter(), true));
        assertEquals(Main.CONFIG_ERROR, cl.execute("run"));
        assertEquals(Main.CONFIG_ERROR, cl.execute("local", "--nodes", "x"));
    }
}
