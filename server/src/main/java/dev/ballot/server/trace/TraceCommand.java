package dev.ballot.server.trace;

import dev.ballot.core.trace.TraceEvent;
import dev.ballot.core.trace.TraceFormatException;
import dev.ballot.core.trace.TraceJson;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code ballot-server trace render FILE --format mermaid|svg|summary [--out F]}: reads a JSON-lines
 * trace ({@code local --trace FILE}, or {@code GET /trace} saved to a file; {@code -} reads standard
 * input) and writes its sequence diagram or summary table to {@code F} or standard output.
 *
 * <p>Exit codes: 0 success; 1 I/O failure; 2 usage error, missing file or malformed trace (the
 * message names the file and the line). Registered as a subcommand of {@code ballot-server}.
 */
@Command(name = "trace", mixinStandardHelpOptions = true, subcommands = TraceCommand.Render.class,
        description = "Work with election traces (JSON lines, one event per line).")
public final class TraceCommand implements Runnable {
    @Spec
    CommandSpec spec;

    /** Runs {@code trace} on its own: {@code java -cp ballot-server.jar dev.ballot.server.trace.TraceCommand render FILE}. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new TraceCommand()).execute(args));
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code trace render}. */
    @Command(name = "render", mixinStandardHelpOptions = true,
            description = "Draw a trace as a sequence diagram (Mermaid or SVG) or a per-election summary table.")
    static final class Render implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "FILE", description = "JSON-lines trace; '-' for standard input")
        String file;

        @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "mermaid",
                converter = FormatConverter.class,
                description = "mermaid, svg or summary (default: ${DEFAULT-VALUE})")
        TraceRenderer.Format format;

        @Option(names = "--out", paramLabel = "F", description = "write here instead of standard output")
        Path out;

        @Override
        public Integer call() {
            PrintWriter err = spec.commandLine().getErr();
            List<TraceEvent> events;
            try {
                events = read();
            } catch (NoSuchFileException e) {
                err.println("trace render: " + file + ": no such file");
                return 2;
            } catch (TraceFormatException e) {
                err.println("trace render: " + file + ": " + e.getMessage());
                return 2;
            } catch (IOException e) {
                err.println("trace render: " + file + ": cannot read: " + e);
                return 1;
            }
            String rendered = TraceRenderer.render(events, format);
            try {
                if (out == null) {
                    spec.commandLine().getOut().print(rendered);
                    spec.commandLine().getOut().flush();
                } else {
                    Files.writeString(out, rendered, StandardCharsets.UTF_8);
                }
            } catch (IOException e) {
                err.println("trace render: " + out + ": cannot write: " + e);
                return 1;
            }
            return 0;
        }

        private List<TraceEvent> read() throws IOException {
            if ("-".equals(file)) {
                return TraceJson.read(new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)));
            }
            try (BufferedReader in = Files.newBufferedReader(Path.of(file), StandardCharsets.UTF_8)) {
                return TraceJson.read(in);
            }
        }
    }

    /** Reads {@code --format} case-insensitively and names the choices when it is wrong. */
    static final class FormatConverter implements CommandLine.ITypeConverter<TraceRenderer.Format> {
        @Override
        public TraceRenderer.Format convert(String value) {
            try {
                return TraceRenderer.Format.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(
                        "'" + value + "' is not a format; expected mermaid, svg or summary");
            }
        }
    }
}
