package dev.ballot.server.trace;

import dev.ballot.core.trace.TraceSamples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TraceCommandTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = new CommandLine(new TraceCommand());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    private Path sampleTrace() throws IOException {
        Path file = dir.resolve("t.jsonl");
        Files.writeString(file, TraceJson.toLines(TraceSamples.everyType()), StandardCharsets.UTF_8);
        return file;
    }

    @Test
    void render_writesMermaidToStdoutByDefault() throws IOException {
        assertEquals(0, run("render", sampleTrace().toString()));
        assertEquals(TraceRenderer.mermaid(TraceSamples.everyType()), out.toString());
    }

    @Test
    void render_writesTheChosenFormatToOut_caseInsensitive() throws IOException {
        Path svg = dir.resolve("t.svg");
        assertEquals(0, run("render", sampleTrace().toString(), "--format", "SVG", "--out", svg.toString()));
        assertEquals(TraceRenderer.svg(TraceSamples.everyType()), Files.readString(svg));
        assertEquals("", out.toString());
        assertEquals(0, run("render", sampleTrace().toString(), "--format", "summary"));
        assertTrue(out.toString().startsWith("13 events from peers 1, 3"), out.toString());
    }

    @Test
    void typesAndTimeWindow_selectEvents() throws IOException {
        // the samples are stamped 10, 20, 100, ... 200 ns: a window in ms keeps all or none of them
        assertEquals(0, run("render", sampleTrace().toString(), "--types", "connection_opened,connection_dropped",
                "--format", "summary"));
        assertTrue(out.toString().startsWith("2 events from peers 3 over"), out.toString());
        out.getBuffer().setLength(0);
        assertEquals(0, run("render", sampleTrace().toString(), "--from-ms", "1", "--format", "summary"));
        assertEquals("The trace holds no events.\n", out.toString());
        out.getBuffer().setLength(0);
        assertEquals(0, run("render", sampleTrace().toString(), "--to-ms", "1", "--types", "decided"));
        assertTrue(out.toString().contains("decided: leader 3"), out.toString());
    }

    @Test
    void missingFile_isAUsageError() {
        assertEquals(2, run("render", dir.resolve("nope.jsonl").toString()));
        assertTrue(err.toString().contains("nope.jsonl: no such file"), err.toString());
    }

    @Test
    void malformedTrace_namesFileAndLine() throws IOException {
        Path file = dir.resolve("bad.jsonl");
        Files.writeString(file, TraceJson.format(TraceSamples.everyType().get(0)) + "\n{\"t\":1}\n");
        assertEquals(2, run("render", file.toString()));
        assertTrue(err.toString().contains("bad.jsonl: line 2: missing field 'sid' in event"), err.toString());
    }

    @Test
    void unknownFormat_namesTheChoices() throws IOException {
        assertEquals(2, run("render", sampleTrace().toString(), "--format", "png"));
        assertTrue(err.toString().contains("'png' is not a format; expected mermaid, svg or summary"), err.toString());
    }
}
